#pragma once
// iaf_chs_2007: the spike-response neuron of Carandini, Horton & Sincich (2007), in normalised units
// (resting potential 0, threshold 1). The membrane potential is a sum of stereotyped waveforms:
//
//   V_m = V_syn + V_spike (+ V_noise * noise[step])
//   V_syn:   each input spike of weight w adds an alpha function w V_epsp (t/tau_epsp) e^(1 - t/tau_epsp),
//            peaking at w V_epsp after tau_epsp (a current i_syn decaying with tau_epsp, integrated exactly);
//   V_spike: each output spike adds -V_reset e^(-t/tau_reset) (reset and after-hyperpolarisation).
//
// Per step, as in NEST 3.9 (models/iaf_chs_2007.{h,cpp}): V_syn <- P22 V_syn + P21 i_syn; i_syn decays
// and this step's spikes are added; V_spike decays; V_m = V_syn + V_spike; V_m >= 1 -> V_spike and V_m
// drop by V_reset, one spike. The model takes no current input; spikes with negative weights are
// accepted and ignored (NEST's handle() drops them).
//
// Differs from NEST: NEST's `noise` parameter is an array (a noise signal prepared before the run, read
// one value per step and scaled by V_noise). nestor's parameter tables hold scalars only, so the model
// has no `noise` parameter: it behaves as NEST with its default, an empty noise signal (no noise; V_noise
// is kept and has no effect, as in NEST without a signal).

#include <array>
#include <optional>

#include "core/neuron_population.hpp"

namespace nestor::detail {

struct iaf_chs_2007 {
  static constexpr std::string_view name = "iaf_chs_2007";

  struct P {
    enum : int { V_reset, V_epsp, tau_epsp, tau_reset, V_noise, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"V_reset", 2.31, unit::none, check::nonnegative,
       "magnitude of the reset after a spike (normalised; threshold 1)"},
      {"V_epsp", 0.77, unit::none, check::nonnegative, "peak of the EPSP of a unit weight (normalised)"},
      {"tau_epsp", 8.5, unit::ms, check::positive, "time to peak of the EPSP (alpha function)"},
      {"tau_reset", 15.4, unit::ms, check::positive, "time constant of the recovery from the reset"},
      {"V_noise", 0.0, unit::none, check::any,
       "scale of the noise signal (normalised; without a noise signal it has no effect)"},
  }};

  struct S {
    enum : int { V_m, i_syn_ex, V_syn, V_spike, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", 0.0, unit::none, "membrane potential (normalised)"},
      {"i_syn_ex", 0.0, unit::none, "synaptic input driving the EPSPs", -1, false, false},
      {"V_syn", 0.0, unit::none, "sum of the EPSPs", -1, false, false},
      {"V_spike", 0.0, unit::none, "sum of the reset waveforms", -1, false, false},
  }};

  // Channels: spikes with weight > 0, and those with weight <= 0 (ignored).
  static constexpr int n_channels = 2;
  static std::optional<port> spike_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{0, sign_split};
  }
  static std::optional<port> current_port(int) { return std::nullopt; }

  static void validate(const prow<iaf_chs_2007>&) {}

  struct derived {
    double P11, P22, P21, P30;
    double V_reset;
  };
  static derived prepare(const prow<iaf_chs_2007>& p, double dt);

  static constexpr double threshold = 1.0;  // NEST's U_th (normalised, not a parameter)

  static unsigned update(srow s, const derived& d, inputs in) {
    s[S::V_syn] = s[S::V_syn] * d.P22 + s[S::i_syn_ex] * d.P21;
    s[S::i_syn_ex] *= d.P11;
    s[S::i_syn_ex] += in[0];
    s[S::V_spike] *= d.P30;
    s[S::V_m] = s[S::V_syn] + s[S::V_spike];
    if (s[S::V_m] >= threshold) {
      s[S::V_spike] -= d.V_reset;
      s[S::V_m] -= d.V_reset;
      return 1;
    }
    return 0;
  }
};

}  // namespace nestor::detail
