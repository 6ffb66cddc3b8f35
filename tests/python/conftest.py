import sys
from pathlib import Path

# shared network builders live with the validation tests
sys.path.insert(0, str(Path(__file__).parent.parent / "validation"))
