// volume_transmitter as the kernel sees it (core/neuromodulation.hpp): the spikes it collects (time of
// arrival, multiplicity), when it is due, the list synapses read after a trigger, and where the kernel
// must end slices (at trigger times T and at T - NEST's min_delay).
#include <gtest/gtest.h>

#include "core/precise_queue.hpp"
#include "models/devices/volume_transmitter.hpp"

using namespace nestor::detail;

namespace {
struct bench {
  volume_transmitter vt{5, 1, 0.1};
  ring_buffer rb;
  precise_queue pq;
  std::vector<spike_event> out;
  run_info run{.dt = 0.1, .begin = 0, .end = 100, .seed = 1, .files = nullptr, .slice_steps = 20, .nest_min_delay_steps = 10};  // slices of 2 ms; NEST's min_delay 1 ms
  bench(int interval) {
    vt.slices = {thread_slice{0, 1, 0}};
    vt.set(0, {{"deliver_interval", nestor::value(double(interval))}}, true);
    vt.prepare(run);
    rb.resize(40, 1, 0);
  }
  void update(std::int64_t from, std::int64_t to) {
    update_context ctx{rb, pq, out, run, 0};
    vt.update(from, to, ctx);
  }
};
}  // namespace

TEST(VolumeTransmitter, CollectsAndTriggers) {
  bench b(3);                        // triggers at 3, 6, 9 ms (steps 30, 60, ...)
  EXPECT_EQ(b.vt.next_cut(0), 20);   // 3 ms minus NEST's min_delay
  EXPECT_EQ(b.vt.next_cut(20), 30);  // the trigger time
  EXPECT_EQ(b.vt.next_cut(30), 50);
  // a slice ending strictly inside (T - 1 ms, T) keeps its spikes from the synapses until T
  EXPECT_FALSE(b.vt.holds(20));
  EXPECT_TRUE(b.vt.holds(21));
  EXPECT_TRUE(b.vt.holds(29));
  EXPECT_FALSE(b.vt.holds(30));
  EXPECT_FALSE(b.vt.holds(45));
  b.rb.row(4)[0] = 2.0;   // reaches it in step 4: counts at 0.5 ms with multiplicity 2
  b.rb.row(25)[0] = 1.0;  // 2.6 ms
  b.update(0, 20);
  double t = 0;
  const std::vector<modulator_spike>* s = nullptr;
  EXPECT_FALSE(b.vt.due(0, t, s));
  ASSERT_EQ(b.vt.current(0).size(), 2u);
  b.update(20, 30);
  ASSERT_TRUE(b.vt.due(0, t, s));
  EXPECT_DOUBLE_EQ(t, 3.0);
  ASSERT_EQ(s->size(), 3u);  // the pseudo spike at 0, then the two spikes
  EXPECT_EQ((*s)[0].t, 0.0);
  EXPECT_EQ((*s)[0].mult, 0.0);
  EXPECT_DOUBLE_EQ((*s)[1].t, 0.5);
  EXPECT_EQ((*s)[1].mult, 2.0);
  EXPECT_DOUBLE_EQ((*s)[2].t, 2.6);
  // what the slice's presynaptic spikes see: the pseudo spike at the trigger time only
  ASSERT_EQ(b.vt.current(0).size(), 1u);
  EXPECT_DOUBLE_EQ(b.vt.current(0)[0].t, 3.0);
  EXPECT_EQ(b.rb.row(4)[0], 0.0);  // it consumed its input
  b.rb.row(31)[0] = 1.0;
  b.update(30, 50);
  EXPECT_FALSE(b.vt.due(0, t, s));
  ASSERT_EQ(b.vt.current(0).size(), 2u);
  EXPECT_DOUBLE_EQ(b.vt.current(0)[1].t, 3.2);
  b.vt.reset();
  ASSERT_EQ(b.vt.current(0).size(), 1u);
  EXPECT_EQ(b.vt.current(0)[0].t, 0.0);
}

TEST(VolumeTransmitter, RefusesBadInterval) {
  bench b(1);
  EXPECT_EQ(b.vt.next_cut(0), 10);
  EXPECT_EQ(b.vt.next_cut(15), 20);
  for (double bad : {0.0, -1.0, 2.5})
    EXPECT_THROW(b.vt.set(0, {{"deliver_interval", nestor::value(bad)}}, false), nestor::bad_value);
  EXPECT_THROW(b.vt.set(0, {{"interval", nestor::value(2.0)}}, false), nestor::unknown_parameter);
  EXPECT_EQ(b.vt.get(0, "deliver_interval").numbers()[0], 1.0);
}
