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
// Noise (NEST 3.9): `noise` is a signal given as a list, default empty. In every step in which
// V_noise > 0 and the signal is not empty, V_m also gets V_noise * noise[position] and the node's
// position advances by one; position starts at 0 and goes back to 0 whenever `noise` is set (not when
// V_noise is), so the first step of a run after setting it reads noise[0]. Steps with V_noise <= 0 do not
// advance the position. The noise term enters V_m (and so the threshold test) but not V_syn or V_spike:
// it does not accumulate.
// Differs from NEST: past the end of the signal NEST reads beyond its vector (undefined behaviour);
// nestor adds no noise there (the position keeps counting).

#include <array>
#include <optional>
#include <span>
#include <vector>

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
       "scale of the noise signal (normalised; noise acts only when V_noise > 0)"},
  }};

  static constexpr int n_groups = 1;  // group 0: the noise signal
  struct A {
    enum : int { noise, n };
  };
  static constexpr std::array<array_spec, A::n> arrays{{
      {"noise", std::span<const double>{}, unit::none, check::any,
       "noise signal, one value per step from the position it was set (scaled by V_noise)", 0},
  }};
  static constexpr std::array<element_spec, 0> elements{};  // no per-element state

  struct S {
    enum : int { V_m, i_syn_ex, V_syn, V_spike, position, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", 0.0, unit::none, "membrane potential (normalised)"},
      {"i_syn_ex", 0.0, unit::none, "synaptic input driving the EPSPs", -1, false, false},
      {"V_syn", 0.0, unit::none, "sum of the EPSPs", -1, false, false},
      {"V_spike", 0.0, unit::none, "sum of the reset waveforms", -1, false, false},
      {"position", 0.0, unit::none, "index of the next value of the noise signal", -1, false, false},
  }};

  // Channels: spikes with weight > 0, and those with weight <= 0 (ignored).
  static int channels(const group_sizes<n_groups>&) { return 2; }
  static std::optional<port> spike_port(int receptor, const group_sizes<n_groups>&) {
    if (receptor != 0) return std::nullopt;
    return port{0, sign_split};
  }
  static std::optional<port> current_port(int, const group_sizes<n_groups>&) { return std::nullopt; }

  using arrays_of_node = std::array<std::vector<double>, A::n>;
  static void validate(const prow<iaf_chs_2007>&, const arrays_of_node&) {}
  /// Setting the noise signal rewinds it (NEST's Parameters_::set).
  static void arrays_set(srow s, const std::array<bool, A::n>& given) {
    if (given[A::noise]) s[S::position] = 0.0;
  }

  struct derived {
    double P11, P22, P21, P30;
    double V_reset, V_noise;
  };
  static derived prepare(const prow<iaf_chs_2007>& p, const arrays_of_node& a, double dt);

  static constexpr double threshold = 1.0;  // NEST's U_th (normalised, not a parameter)

  template <class Arrays>
  static unsigned update(srow s, const derived& d, inputs in, Arrays& ar) {
    s[S::V_syn] = s[S::V_syn] * d.P22 + s[S::i_syn_ex] * d.P21;
    s[S::i_syn_ex] *= d.P11;
    s[S::i_syn_ex] += in[0];
    s[S::V_spike] *= d.P30;
    double noise_term = 0.0;
    const std::vector<double>& noise = ar.p[A::noise];
    if (d.V_noise > 0.0 && !noise.empty()) {
      const auto k = static_cast<std::size_t>(s[S::position]);
      s[S::position] += 1.0;
      if (k < noise.size()) noise_term = d.V_noise * noise[k];
    }
    s[S::V_m] = s[S::V_syn] + s[S::V_spike] + noise_term;
    if (s[S::V_m] >= threshold) {
      s[S::V_spike] -= d.V_reset;
      s[S::V_m] -= d.V_reset;
      return 1;
    }
    return 0;
  }
};

}  // namespace nestor::detail
