#pragma once
// A population: the nodes of one create() call, all of one model, with consecutive node ids.
// The kernel talks to populations through this interface, once per population per slice (never per
// neuron): parameters, input ports, recordables and the update over a range of steps.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/param_table.hpp"
#include "core/precise_queue.hpp"
#include "core/ring_buffer.hpp"
#include "core/trains.hpp"
#include "nestor/units.hpp"

namespace nestor::detail {

using param_list = std::vector<std::pair<std::string, value>>;

enum class node_kind : std::uint8_t {
  neuron,
  spike_generator,
  current_generator,
  analog_recorder,
  spike_recorder
};

/// How an event travels from a source to its targets.
enum class event_mode : std::uint8_t {
  plain,            ///< every target receives weight * factor * multiplicity
  poisson,          ///< every connection draws its own Poisson count with mean `factor` (NEST's DSSpikeEvent)
  poisson_precise,  ///< the same, each spike at its own uniform time within the step (poisson_generator_ps)
  gaussian,  ///< a current per connection: weight * (factor + offset * z), z ~ N(0, 1) drawn from the stream
             ///< keyed by (source, target, rank, mult); mult is the source's noise interval index, so
             ///< the value holds for every event of that interval (noise_generator)
  binomial,  ///< every connection receives Binomial(multiplicity, p = `factor`) spikes, drawn independently
             ///< per connection (NEST's per-target thinning: mip_generator, spike_dilutor)
  train,     ///< every connection advances its own train by one step (population::train_step, trains.hpp)
  rate,      ///< a rate (factor) of the step (NEST's DelayedRateConnectionEvent): every target receives
             ///< weight * factor on the channel its weight's sign chose, never re-routed by the factor's sign
};

/// One event emitted during a step: a spike (factor 1) or a current sample (factor = amplitude).
struct spike_event {
  std::int64_t step;  ///< the step in which it was emitted; stamped at the end of that step
  std::uint32_t gid;
  std::uint32_t mult;
  double factor;
  event_mode mode;
  double offset = 0.0;  ///< precise spikes: how long before the end of the step it happened (ms)
};

/// Flags a connection carries to its target's input channel.
enum port_flags : std::uint8_t {
  sign_split = 1,    ///< channel + 1 receives the event if weight * factor <= 0 (NEST's ex/in buffers);
                     ///< connections are routed by their weight's sign when made (delivery corrects
                     ///< for an event factor that flips it)
  count_only = 2,    ///< the channel counts spikes (multiplicity), ignoring the weight (parrot_neuron)
  discard = 4,       ///< the event is accepted but has no effect (parrot_neuron's port 1)
  precise = 8,       ///< the event goes with its offset to the target's precise queue (precise_queue.hpp)
  binary = 16,       ///< NEST's binary-neuron convention: multiplicity 2 (a 0 -> 1 transition) adds +w,
                     ///< multiplicity 1 (1 -> 0) adds -w, others nothing
  nonnegative = 32,  ///< a negative weight is refused when connecting or setting it (NEST's conductance
                     ///< multisynapse models refuse such spikes)
  // 64 is the synapse flag `recorded` (connection_store.hpp)
  per_connection = 128,  ///< every connection into the port gets a ring-buffer column of its own, appended
                         ///< after the thread's columns when it is made (kernel::materialize), and the
                         ///< target population learns it (population::add_connection_port) with its
                         ///< weight, which then cannot change (NEST's iaf_bw_2001_exact NMDA ports).
                         ///< Combined with count_only: the column receives the multiplicity only
};

struct port {
  int channel;  ///< input channel of the node, 0 <= channel < channels_per_node()
  std::uint8_t flags;
};

/// One entry of a model's parameter listing, for introspection and the generated docs.
struct param_description {
  std::string name;
  unit u;
  value def;
  std::string doc;
  bool is_state;
  bool is_array;
};

struct model_description {
  std::string name;
  node_kind kind;
  std::vector<param_description> params;  ///< parameters and user-visible state, in table order
  std::vector<std::string> recordables;
};

struct file_options;

struct run_info {
  double dt;
  std::int64_t begin;  ///< first step of this simulate() call
  std::int64_t end;    ///< one past the last step
  std::uint64_t seed;
  const file_options* files = nullptr;  ///< where recorders write files (io/recording_file.hpp)
  std::int64_t slice_steps = 0;         ///< steps per slice at most (min_delay); 0: unknown
  /// NEST's min_delay and max_delay in steps (0: unknown): the network's smallest and largest delay, in
  /// NEST counting also the 1 ms default delay of recorders' connections once a recorder is connected
  /// (kernel::nest_min_delay). NEST's slices are nest_min_delay_steps long (ours slice_steps); models
  /// that reproduce NEST's dependence on them read these (clopath_archive.hpp, volume_transmitter).
  std::int64_t nest_min_delay_steps = 0, nest_max_delay_steps = 0;
};

class population;
class gap_exchange;  // core/gap_junctions.hpp
class clopath_archive;
class urbanczik_archive;

/// The postsynaptic history a neuron keeps for plastic synapses beyond its spikes (NEST's
/// ClopathArchivingNode, UrbanczikArchivingNode).
enum class archive_kind : std::uint8_t { none, clopath, urbanczik };

/// An analog recorder's view of the nodes it samples in one population.
struct analog_tap {
  class multimeter* rec;
  std::vector<std::uint32_t> local;  ///< node indices within the population
  std::vector<int> vars;             ///< recordable indices, in the recorder's record_from order
  std::vector<std::size_t> cols;     ///< column of each node in the recorder's sample rows
};

/// What one thread's update of a population needs: its ring buffer and where its events go.
struct update_context {
  ring_buffer& rb;
  const precise_queue& pq;  ///< events for precise ports, ordered for the steps being updated
  std::vector<spike_event>& spikes;
  const run_info& run;
  int thread = 0;
  /// The gap-junction input of the slice (core/gap_junctions.hpp); null when the network has none.
  const gap_exchange* gap = nullptr;
};

/// The nodes of a population that one thread owns: local indices [lo, hi), and where their input
/// channels start in that thread's ring buffer.
struct thread_slice {
  std::size_t lo = 0, hi = 0;
  std::size_t channel_base = 0;
};

class population {
 public:
  population(std::uint32_t first, std::size_t n) : first_(first), n_(n) {}
  virtual ~population() = default;
  population(const population&) = delete;
  population& operator=(const population&) = delete;

  std::uint32_t first() const { return first_; }
  std::size_t size() const { return n_; }
  /// The model name the nodes were created as: a copy's name (Simulator::copy_model) or the built-in's.
  const std::string& model() const { return name_.empty() ? describe().name : name_; }
  /// The built-in (registered) model the nodes are of; what the engine's rules test.
  const std::string& base_model() const { return describe().name; }
  /// Names the nodes after a copy of their model (NEST's GetStatus 'model').
  void set_model_name(std::string name) { name_ = std::move(name); }
  node_kind kind() const { return describe().kind; }

  virtual const model_description& describe() const = 0;
  /// Sets parameters of node i, all or none (the node's rules are checked before anything changes).
  /// `initial` also makes given state values the ones reset() returns to.
  virtual void set(std::size_t i, const param_list& kv, bool initial) = 0;
  virtual value get(std::size_t i, std::string_view name) const = 0;
  /// Gives every node node 0's parameters and state (initial state too); false if not supported.
  virtual bool replicate_first() { return false; }

  // Inputs: the channels of each node in the ring buffer and the ports connections arrive at.
  virtual int channels_per_node() const { return 0; }
  virtual std::optional<port> spike_port(int /*receptor*/) const { return std::nullopt; }
  virtual std::optional<port> current_port(int /*receptor*/) const { return std::nullopt; }
  /// A connection into a port with flag per_connection was made: it becomes node i's next such port, its
  /// events arrive in ring-buffer column `column` of the thread owning node i, and its weight is
  /// `weight` (fixed). Ports come in connection order (NEST's port numbers); they are never removed.
  virtual void add_connection_port(std::size_t /*i*/, std::uint32_t /*column*/, double /*weight*/) {}
  /// Rate neurons and rate generators send their rate every step (event_mode::rate) instead of spikes;
  /// such sources connect only to rate ports (NEST's rate_connection_delayed).
  virtual bool emits_rates() const { return false; }
  virtual std::optional<port> rate_port(int /*receptor*/) const { return std::nullopt; }
  /// What an incoming rate r counts as at node i (before the weight): r, or NEST's per-connection
  /// input(r) of a rate model with linear_summation = false. Read by delivery (concurrently, read only).
  virtual double rate_input(std::size_t /*i*/, double r) const { return r; }
  /// The postsynaptic histories plastic synapses read (NEST's ClopathArchivingNode and
  /// UrbanczikArchivingNode): node i's archive, or nullptr for models without one. The archives live as
  /// long as the population (their addresses do not change); a thread reads and changes only the
  /// archives of the nodes it owns, during delivery.
  virtual archive_kind archive() const { return archive_kind::none; }
  virtual clopath_archive* clopath_history(std::size_t /*i*/) { return nullptr; }
  virtual urbanczik_archive* urbanczik_history(std::size_t /*i*/) { return nullptr; }
  /// The thread partition: slices[t] are the nodes thread t owns (contiguous, in order).
  std::vector<thread_slice> slices{thread_slice{}};
  /// The thread owning node i and the ring-buffer column of its channel c there (channel planes: all
  /// owned nodes' channel 0, then channel 1, ...).
  std::pair<int, std::size_t> column(std::size_t i, int c) const {
    for (std::size_t t = 0; t < slices.size(); ++t)
      if (i < slices[t].hi) {
        const thread_slice& sl = slices[t];
        return {int(t), sl.channel_base + std::size_t(c) * (sl.hi - sl.lo) + (i - sl.lo)};
      }
    return {0, 0};
  }

  // Recording: index of a recordable (or -1) and its value for node i, in its NEST unit.
  virtual int recordable_index(std::string_view /*name*/) const { return -1; }
  virtual double recordable(int /*var*/, std::size_t /*i*/) const { return 0.0; }
  std::vector<std::vector<analog_tap>> taps;  ///< per thread: the recorders sampling its nodes

  // Running.
  virtual void prepare(const run_info& /*run*/) {}
  virtual void update(std::int64_t from, std::int64_t to, update_context& ctx) = 0;
  virtual void reset() {}
  /// Seed of node i's random stream (devices may override it with their own rng_seed).
  virtual std::uint64_t stream_seed(std::size_t /*i*/, std::uint64_t sim_seed) const { return sim_seed; }
  /// Generators with a train per connection (event_mode::train): advances the train `st` of node i's
  /// connection `id` over the step of event `e` and sends its spikes to `out`. Called concurrently for
  /// connections owned by different threads: it may read the population but not change it.
  virtual void train_step(std::size_t /*i*/, const spike_event& /*e*/, const train_id& /*id*/,
                          train_state& /*st*/, train_sink& /*out*/) const {}
  /// True if the trains of new connections are to be started when a simulate() begins (NEST's
  /// pre_run_hook sizing its per-target states): the kernel then calls train_start once for every
  /// connection that has no train yet, after prepare(). Otherwise a train is made at its first step,
  /// with st.fresh set.
  virtual bool starts_trains() const { return false; }
  virtual void train_start(std::size_t /*i*/, const train_id& /*id*/, train_state& /*st*/,
                           const run_info& /*run*/) const {}

  // Gap junctions (core/gap_junctions.hpp), for models that take them (NEST's hh_*_gap models).
  virtual bool takes_gap_junctions() const { return false; }
  /// Node i's membrane potential as its gap junctions see it (mV).
  virtual double gap_voltage(std::size_t /*i*/) const { return 0.0; }
  /// The waveform relaxation's tentative update of the nodes thread ctx.thread owns over [from, to),
  /// from their current state (kept): sends their waveforms into `ex`; true if none moved by more than
  /// wfr_tol since the previous iteration.
  virtual bool wfr_update(std::int64_t /*from*/, std::int64_t /*to*/, update_context& /*ctx*/,
                          gap_exchange& /*ex*/) {
    return true;
  }

 protected:
  /// Samples every tap of `thread` whose recorder wants this step (called by update after each step).
  void record(std::int64_t step, int thread) const;

 private:
  std::uint32_t first_;
  std::size_t n_;
  std::string name_;  ///< empty: the built-in's name
};

/// Finds `name` in a table of specs, or returns -1.
template <class Specs>
int find_spec(const Specs& specs, std::string_view name) {
  for (std::size_t k = 0; k < specs.size(); ++k)
    if (specs[k].name == name) return static_cast<int>(k);
  return -1;
}

/// The error for a name the model does not know, listing the names it does.
[[noreturn]] void throw_unknown_parameter(const model_description& m, std::string_view name);

}  // namespace nestor::detail
