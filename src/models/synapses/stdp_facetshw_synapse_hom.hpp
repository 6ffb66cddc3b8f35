#pragma once
// stdp_facetshw_synapse_hom: STDP with the constraints of the FACETS/BrainScaleS hardware (Pfeil et al.
// 2012; NEST's models/stdp_facetshw_synapse_hom.h): 4-bit weights updated through look-up tables by a
// controller that visits groups of synapses in turn, reduced symmetric nearest-neighbour pairing.
//
// Per connection: a_causal, a_acausal (charge of the pairing capacitors), thresholds a_thresh_th,
// a_thresh_tl, synapse_id, init_flag, next_readout_time. On a presynaptic spike at t (delay d):
// 1. first spike of the connection (init_flag 0): synapse_id <- no_synapses, no_synapses += 1,
//    readout_cycle_duration <- int((no_synapses - 1) / synapses_per_driver + 1) driver_readout_time,
//    next_readout_time <- (synapse_id div synapses_per_driver) driver_readout_time.
// 2. if t > next_readout_time: the weight's LUT index i = round(w / weight_per_lut_entry); two
//    evaluation bits e_k = [(a_thresh_tl + cb_k[2] a_c + cb_k[1] a_a) / (1 + cb_k[2] + cb_k[1]) >
//    (a_thresh_th + cb_k[0] a_c + cb_k[3] a_a) / (1 + cb_k[0] + cb_k[3])] (cb_k = configbit_k) choose
//    lookuptable_0 (1,0), _1 (0,1) or _2 (1,1) (none for (0,0)); i <- LUT[i]; the chosen LUT's pair of
//    reset_pattern bits clears a_causal / a_acausal; next_readout_time advances by readout_cycle_duration
//    until it is >= t; w <- i weight_per_lut_entry.
// 3. the postsynaptic spikes in (t_last - d, t - d]: if any, a_causal += exp((t_last - (t_first + d)) /
//    tau_plus) for the first, a_acausal += exp((t_last_post + d - t) / tau_minus_stdp) for the last.
// The spike carries w. Common to the model (set_defaults / copy_model): tau_plus, tau_minus_stdp, Wmax,
// weight_per_lut_entry (= Wmax / 15 when Wmax is set), no_synapses, synapses_per_driver,
// driver_readout_time, readout_cycle_duration (recomputed when one of the three before it is set), the
// three LUTs (16 integers in [0, 15]), configbit_0/1 (4 each), reset_pattern (6).
// Like NEST, send() counts synapses in the common values: each thread keeps its own copy (NEST keeps one
// connector model per thread), so synapse_id depends on the thread that owns the target, as in NEST;
// ids set by hand (init_flag = 1, synapse_id, next_readout_time) make results thread-independent.
// What differs (NEST's behaviour is undefined or never ends there): we require tau_plus, tau_minus_stdp,
// driver_readout_time > 0, synapses_per_driver >= 1 (integers as no_synapses, synapse_id), init_flag 0
// or 1, and a weight whose LUT index is in [0, 15]; a readout with readout_cycle_duration <= 0 (NEST:
// endless loop) leaves next_readout_time at t; an index outside the LUT (Wmax lowered after connecting)
// is clamped into it.

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/synapses/synapse_model.hpp"
#include "nestor/errors.hpp"

namespace nestor::detail {

struct stdp_facetshw_synapse_hom {
  static constexpr std::string_view name = "stdp_facetshw_synapse_hom";
  static constexpr std::string_view doc =
      "STDP of the FACETS hardware: 4-bit weights via look-up tables, sequential readout (Pfeil et al. 2012)";
  enum P { a_thresh_th, a_thresh_tl, n_params };
  enum S { a_causal, a_acausal, init_flag, synapse_id, next_readout_time, t_lastspike, n_state };
  // common entries (the first eight are also their slots in the common vector)
  enum C {
    tau_plus,
    tau_minus_stdp,
    Wmax,
    weight_per_lut_entry,
    no_synapses,
    synapses_per_driver,
    driver_readout_time,
    readout_cycle_duration,
    lookuptable_0,
    lookuptable_1,
    lookuptable_2,
    configbit_0,
    configbit_1,
    reset_pattern,
    n_common
  };
  static constexpr std::size_t lut_size = 16;
  enum slot : std::size_t {
    lut0 = 8,
    lut1 = lut0 + lut_size,
    lut2 = lut1 + lut_size,
    cb0 = lut2 + lut_size,
    cb1 = cb0 + 4,
    reset = cb1 + 4,
    n_common_slots = reset + 6
  };
  // intermediate Guetig (mu = 0.4), 4 bits, 36 spike pairs (NEST's defaults, Pfeil et al. 2012)
  static constexpr double lut0_def[lut_size] = {2, 3, 4, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 14, 15};
  static constexpr double lut1_def[lut_size] = {0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 11, 12, 13};
  static constexpr double lut2_def[lut_size] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  static constexpr double cb0_def[4] = {0, 0, 1, 0}, cb1_def[4] = {0, 1, 0, 0};
  static constexpr double reset_def[6] = {1, 1, 1, 1, 1, 1};

  static constexpr std::array<syn_entry, n_params> params{{
      {"a_thresh_th", 21.835, unit::none, check::any, "evaluation threshold (high)"},
      {"a_thresh_tl", 21.835, unit::none, check::any, "evaluation threshold (low)"},
  }};
  static constexpr std::array<syn_entry, n_state> state{{
      {"a_causal", 0.0, unit::none, check::any, "accumulated causal spike pairs"},
      {"a_acausal", 0.0, unit::none, check::any, "accumulated anti-causal spike pairs"},
      {"init_flag", 0.0, unit::none, check::any, "1 once the synapse has its id and readout time"},
      {"synapse_id", 0.0, unit::none, check::any,
       "position in the controller's sequence (groups of drivers)"},
      {"next_readout_time", 0.0, unit::ms, check::any, "time of the next weight update by the controller"},
      {"t_lastspike", 0.0, unit::ms, check::any, "time of the last presynaptic spike", false, false},
  }};
  static constexpr std::array<syn_entry, n_common> common{{
      {"tau_plus", 20.0, unit::ms, check::positive, "time constant of the causal branch"},
      {"tau_minus_stdp", 20.0, unit::ms, check::positive, "time constant of the anti-causal branch"},
      {"Wmax", 100.0, unit::none, check::any, "maximum weight (LUT entry 15)", true},
      {"weight_per_lut_entry", 100.0 / 15.0, unit::none, check::any,
       "weight step (Wmax / 15 when Wmax is set)", true},
      {"no_synapses", 0.0, unit::none, check::nonnegative, "synapses counted so far (ids given)"},
      {"synapses_per_driver", 50.0, unit::none, check::positive, "synapses updated at once"},
      {"driver_readout_time", 15.0, unit::ms, check::positive, "time to process one synapse driver"},
      {"readout_cycle_duration", 0.0, unit::ms, check::any, "time between two updates of a synapse"},
      {"lookuptable_0", 0.0, unit::none, check::any, "LUT for evaluation bits (1, 0)", false, true, true, lut_size,
       lut0_def},
      {"lookuptable_1", 0.0, unit::none, check::any, "LUT for evaluation bits (0, 1)", false, true, true, lut_size,
       lut1_def},
      {"lookuptable_2", 0.0, unit::none, check::any, "LUT for evaluation bits (1, 1)", false, true, true, lut_size,
       lut2_def},
      {"configbit_0", 0.0, unit::none, check::any,
       "configuration bits of evaluation 0 (e_cc, e_ca, e_ac, e_aa)", false, true, true, 4, cb0_def},
      {"configbit_1", 0.0, unit::none, check::any, "configuration bits of evaluation 1", false, true, true, 4,
       cb1_def},
      {"reset_pattern", 0.0, unit::none, check::any, "reset a_causal / a_acausal after LUT 0, 1, 2", false,
       true, true, 6, reset_def},
  }};
  static constexpr bool reads_history = true;
  static constexpr bool random = false;
  static constexpr bool writes_common = true;

  static void calc_readout_cycle_duration(double* c) {
    c[readout_cycle_duration] =
        double(int((c[no_synapses] - 1.0) / c[synapses_per_driver] + 1.0)) * c[driver_readout_time];
  }
  /// NEST's set_status: Wmax sets weight_per_lut_entry (unless given too); the counts set the cycle.
  static void common_set(double* c, const std::vector<bool>& given) {
    if (given[Wmax] && !given[weight_per_lut_entry]) c[weight_per_lut_entry] = c[Wmax] / double(lut_size - 1);
    if (given[no_synapses] || given[synapses_per_driver] || given[driver_readout_time])
      calc_readout_cycle_duration(c);
  }
  static void validate(const syn_values& v) {
    auto refuse = [](std::string_view param, double x, std::string_view expected) {
      throw bad_value(std::string(name) + " parameter " + std::string(param) + " = " + format_number(x) +
                      ": expected " + std::string(expected));
    };
    auto integer = [&](std::string_view param, double x) {
      if (x != std::floor(x)) refuse(param, x, "an integer");
    };
    integer("no_synapses", v.c[no_synapses]);
    integer("synapses_per_driver", v.c[synapses_per_driver]);
    integer("synapse_id", v.s[synapse_id]);
    if (v.s[init_flag] != 0.0 && v.s[init_flag] != 1.0)
      refuse("init_flag", v.s[init_flag], "0 or 1 (false/true)");
    const std::string_view luts[] = {"lookuptable_0", "lookuptable_1", "lookuptable_2"};
    for (std::size_t k = 0; k < 3; ++k)
      for (std::size_t j = 0; j < lut_size; ++j) {
        const double x = v.c[lut0 + k * lut_size + j];
        if (!(x >= 0.0 && x <= double(lut_size - 1) && x == std::floor(x)))
          refuse(luts[k], x, "entries that are integers in [0, 15]");
      }
    const double entry = std::round(v.weight / v.c[weight_per_lut_entry]);
    if (!(entry >= 0.0 && entry <= double(lut_size - 1)))
      throw bad_value(std::string(name) + " weight = " + format_number(v.weight) +
                      " with weight_per_lut_entry = " + format_number(v.c[weight_per_lut_entry]) +
                      ": expected a weight whose LUT entry " +
                      "round(weight / weight_per_lut_entry) is in [0, 15]");
  }

  static bool evaluate(const double* s, const double* p, const double* cb) {
    return (p[a_thresh_tl] + cb[2] * s[a_causal] + cb[1] * s[a_acausal]) / (1.0 + cb[2] + cb[1]) >
           (p[a_thresh_th] + cb[0] * s[a_causal] + cb[3] * s[a_acausal]) / (1.0 + cb[0] + cb[3]);
  }

  static double send(const double* p, double* s, double& w, double* c, syn_event& ev) {
    const double t = ev.t_spike, d = ev.dendritic_delay;
    if (s[init_flag] == 0.0) {
      s[synapse_id] = c[no_synapses];
      c[no_synapses] += 1.0;
      calc_readout_cycle_duration(c);
      s[next_readout_time] =
          double(std::int64_t(s[synapse_id]) / std::int64_t(c[synapses_per_driver])) * c[driver_readout_time];
      s[init_flag] = 1.0;
    }
    if (t > s[next_readout_time]) {
      double i = std::round(w / c[weight_per_lut_entry]);
      i = i < 0.0 ? 0.0 : i > double(lut_size - 1) ? double(lut_size - 1) : i;
      const bool e0 = evaluate(s, p, c + cb0), e1 = evaluate(s, p, c + cb1);
      const int lut = e0 && !e1 ? 0 : !e0 && e1 ? 1 : e0 && e1 ? 2 : -1;
      if (lut >= 0) {
        i = c[lut0 + std::size_t(lut) * lut_size + std::size_t(i)];
        if (c[reset + 2 * std::size_t(lut)] != 0.0) s[a_causal] = 0.0;
        if (c[reset + 2 * std::size_t(lut) + 1] != 0.0) s[a_acausal] = 0.0;
      }
      if (c[readout_cycle_duration] > 0.0)
        while (t > s[next_readout_time]) s[next_readout_time] += c[readout_cycle_duration];
      else
        s[next_readout_time] = t;
      w = i * c[weight_per_lut_entry];
    }
    auto [first, end] = ev.post->read(s[t_lastspike] - d, t - d);
    if (first != end) {
      s[a_causal] += std::exp((s[t_lastspike] - (first->t + d)) / c[tau_plus]);
      s[a_acausal] += std::exp(((end - 1)->t + d - t) / c[tau_minus_stdp]);
    }
    s[t_lastspike] = t;
    return w;
  }
};

}  // namespace nestor::detail
