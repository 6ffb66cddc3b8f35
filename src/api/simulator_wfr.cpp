// The Simulator's waveform-relaxation properties (gap junctions; core/gap_junctions.hpp).
#include "core/kernel.hpp"
#include "nestor/simulator.hpp"

namespace nestor {

void Simulator::set_use_wfr(bool use) {
  k_->set_wfr("use_wfr", use ? 1.0 : 0.0);
}
void Simulator::set_wfr_comm_interval(time_q interval) {
  k_->set_wfr("wfr_comm_interval", interval.si * 1e3);
}
void Simulator::set_wfr_tol(double tol_mV) {
  k_->set_wfr("wfr_tol", tol_mV);
}
void Simulator::set_wfr_max_iterations(long n) {
  k_->set_wfr("wfr_max_iterations", double(n));
}
void Simulator::set_wfr_interpolation_order(int order) {
  k_->set_wfr("wfr_interpolation_order", double(order));
}
bool Simulator::use_wfr() const {
  return k_->wfr().use_wfr;
}
double Simulator::wfr_comm_interval_ms() const {
  return k_->wfr().comm_interval;
}
double Simulator::wfr_tol() const {
  return k_->wfr().tol;
}
long Simulator::wfr_max_iterations() const {
  return k_->wfr().max_iterations;
}
int Simulator::wfr_interpolation_order() const {
  return k_->wfr().interpolation_order;
}

}  // namespace nestor
