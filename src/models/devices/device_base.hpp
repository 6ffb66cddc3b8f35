#pragma once
// Common ground of devices (generators and recorders): scalar parameters from a table, stored per node,
// NEST's activity window (origin, start, stop), and hooks for parameters that are not scalars
// (spike_times, record_from).

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/population.hpp"

namespace nestor::detail {

class device_base : public population {
 public:
  /// `table` must begin with the three window parameters origin, start, stop (see window_params()).
  device_base(std::uint32_t first, std::size_t n, double dt, model_description desc,
              std::vector<param_spec> table);

  const model_description& describe() const override { return desc_; }
  void set(std::size_t i, const param_list& kv, bool initial) override;
  value get(std::size_t i, std::string_view name) const override;

  /// origin, start and stop as parameter specs, in that order.
  static std::vector<param_spec> window_params(std::vector<param_spec> more);
  static model_description make_description(std::string name, node_kind kind,
                                            const std::vector<param_spec>& table);

 protected:
  double param(std::size_t i, int k) const { return p_[i][k]; }
  const std::vector<double>& params_of(std::size_t i) const { return p_[i]; }
  void restore_params(std::size_t i, std::vector<double> row) { p_[i] = std::move(row); }
  /// The first and last step stamp at which node i is active: t_min < stamp <= t_max.
  std::int64_t t_min(std::size_t i) const;
  std::int64_t t_max(std::size_t i) const;
  double dt() const { return dt_; }
  /// Steps in `ms`, which must lie on the grid; `what` names the parameter for the error.
  std::int64_t grid_steps(double ms, std::string_view what) const;

  // Hooks for non-scalar parameters: return false if the name is unknown.
  virtual bool set_extra(std::size_t /*i*/, const std::string& /*name*/, const value& /*v*/) { return false; }
  virtual bool get_extra(std::size_t /*i*/, std::string_view /*name*/, value& /*out*/) const { return false; }
  /// Cross-parameter rules for one node's scalar row.
  virtual void validate(const std::vector<double>& /*row*/) const {}

  enum window : int { ORIGIN, START, STOP, N_WINDOW };
  model_description desc_;

 private:
  double dt_;
  std::vector<param_spec> table_;
  std::vector<std::vector<double>> p_;
};

}  // namespace nestor::detail
