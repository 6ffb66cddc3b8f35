"""NEST's Clopath rule (nestkernel/clopath_archiving_node.cpp and models/clopath_synapse.h, NEST 3.9)
evaluated independently from recorded traces of a Clopath neuron (V_m, u_bar_plus, u_bar_minus, u_bar_bar
sampled at every step end), for the tests of aeif_psc_delta_clopath, hh_psc_alpha_clopath and
clopath_synapse:

- per step (stamp k + 1): u_bar_plus and u_bar_minus through a delay line of round(delay_u_bars/dt) + 1
  slots that starts at 0 mV; LTP entry A_LTP (V - theta_plus) (u_bar_plus' - theta_minus) dt if
  V > theta_plus and u_bar_plus' > theta_minus; LTD entry A_LTD (u_bar_minus' - theta_minus) (times
  u_bar_bar^2 / u_ref_squared if A_LTD_const is false) if u_bar_minus' > theta_minus, kept in a ring of
  max_delay + 1 entries;
- per presynaptic spike t (stamp, delivered after the slice it was stamped in, min_delay steps long):
  w += dw x_bar exp((t_last - (t_e + d)) / tau_x) for the LTP entries t_last - d < t_e <= t - d (at most
  Wmax), then w -= the LTD entry at t - d if the ring still holds it (at least Wmin); then
  x_bar = x_bar exp((t_last - t) / tau_x) + 1/tau_x, t_last = t (initially 0, x_bar = 0)."""

import math

DT = 0.1


def clopath_weights(rec, pre_stamps, w0, d, delay_u_bars, rule, max_delay, min_delay=None, tau_x=15.0,
                    Wmin=0.0, Wmax=100.0, dt=DT):
    """The weight after each presynaptic spike (stamps in steps; d, max_delay, min_delay in steps).
    rule = (A_LTD, A_LTP, u_ref_squared, theta_plus, theta_minus, A_LTD_const)."""
    V, up, um, ub = rec["V_m"], rec["u_bar_plus"], rec["u_bar_minus"], rec["u_bar_bar"]
    A_LTD, A_LTP, uref2, th_p, th_m, const = rule
    min_delay = d if min_delay is None else min_delay
    nd = int(round(delay_u_bars / dt)) + 1
    ring_p, ring_m, idx = [0.0] * nd, [0.0] * nd, 0
    ltp, ltd = [], []  # (stamp, dw) in order of writing
    for k in range(len(V)):
        ring_p[idx], ring_m[idx] = up[k], um[k]
        idx = (idx + 1) % nd
        dp, dm = ring_p[idx], ring_m[idx]
        if V[k] > th_p and dp > th_m:
            ltp.append((k + 1, A_LTP * (V[k] - th_p) * (dp - th_m) * dt))
        if dm > th_m:
            ltd.append((k + 1, A_LTD * (dm - th_m) if const else A_LTD * ub[k] ** 2 * (dm - th_m) / uref2))
    weights = []
    w, x_bar, t_last = w0, 0.0, 0.0
    for ts in pre_stamps:
        slice_end = ((ts - 1) // min_delay + 1) * min_delay  # the neuron's last stamp at delivery
        ring = [e for e in ltd if e[0] <= slice_end][-(max_delay + 1):]
        for st, dw in ltp:
            if t_last / dt - d < st <= ts - d:
                w = min(w + dw * x_bar * math.exp((t_last - (st + d) * dt) / tau_x), Wmax)
        w = max(w - next((dw for st, dw in ring if st == ts - d), 0.0), Wmin)
        weights.append(w)
        x_bar = x_bar * math.exp((t_last - ts * dt) / tau_x) + 1.0 / tau_x
        t_last = ts * dt
    return weights


# NEST's spike-pairing experiment (testsuite/pytests/test_clopath_synapse.py, test_SynapseDepressionFacilitation):
# presynaptic spike generator -> parrot_neuron -> neuron (clopath_synapse, weight 0.5, delay 0.1 ms), a
# postsynaptic spike generator -> neuron (weight 80 mV / 2000 pA, delay 0.1 ms); the result is
# 100 * 15 * (w - 0.5) / 0.5 + 100 for the last weight, and NEST's expected values.
PAIRING_PRE = [[29.0, 129.0, 229.0, 329.0, 429.0], [29.0, 62.3, 95.7, 129.0, 162.3], [29.0, 49.0, 69.0, 89.0, 109.0],
               [129.0, 229.0, 329.0, 429.0, 529.0, 629.0], [62.3, 95.6, 129.0, 162.3, 195.6, 229.0],
               [49.0, 69.0, 89.0, 109.0, 129.0, 149.0]]
PAIRING_POST = [[19.0, 119.0, 219.0, 319.0, 419.0], [19.0, 52.3, 85.7, 119.0, 152.3], [19.0, 39.0, 59.0, 79.0, 99.0],
                [139.0, 239.0, 339.0, 439.0, 539.0, 639.0], [72.3, 105.6, 139.0, 172.3, 205.6, 239.0],
                [59.0, 79.0, 99.0, 119.0, 139.0, 159.0]]
PAIRING = {
    "aeif_psc_delta_clopath": (
        dict(V_m=-70.6, E_L=-70.6, V_peak=33.0, C_m=281.0, theta_minus=-70.6, theta_plus=-45.3, A_LTD=14.0e-5,
             A_LTP=8.0e-5, tau_u_bar_minus=10.0, tau_u_bar_plus=7.0, delay_u_bars=4.0, a=4.0, b=0.0805,
             V_reset=-70.6 + 21.0, V_clamp=33.0, t_clamp=2.0, t_ref=0.0),
        80.0, [57.82638722, 72.16730112, 149.43359357, 103.30408341, 124.03640668, 157.02882555]),
    "hh_psc_alpha_clopath": (
        dict(V_m=-64.9, C_m=100.0, tau_syn_ex=0.2, tau_syn_in=2.0, theta_minus=-64.9, theta_plus=-35.0,
             A_LTD=14.0e-5, A_LTP=8.0e-5, tau_u_bar_minus=10.0, tau_u_bar_plus=114.0, delay_u_bars=5.0),
        2000.0, [70.14343863, 99.49206222, 178.1028757, 119.63314118, 167.37750688, 178.83111685]),
}


def pairing_score(w, w0=0.5):
    return 100.0 * 15.0 * (w - w0) / w0 + 100.0
