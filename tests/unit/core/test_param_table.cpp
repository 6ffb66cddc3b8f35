#include "core/param_table.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace nestor;
using namespace nestor::literals;
using detail::check;
using detail::unit;

TEST(ParamTable, BareNumbersAreInTheNestUnit) {
  EXPECT_DOUBLE_EQ(detail::to_nest_unit(value(376.0), 0, unit::pA, "m", "I_e"), 376.0);
}

TEST(ParamTable, QuantitiesConvertToTheNestUnit) {
  EXPECT_NEAR(detail::to_nest_unit(value(0.376_nA), 0, unit::pA, "m", "I_e"), 376.0, 1e-12);
  EXPECT_NEAR(detail::to_nest_unit(value(1.0_s), 0, unit::ms, "m", "t"), 1000.0, 1e-12);
  EXPECT_NEAR(detail::to_nest_unit(value(2.0_kHz), 0, unit::Hz, "m", "rate"), 2000.0, 1e-9);
  EXPECT_NEAR(detail::to_nest_unit(value(10.0_pA / 1.0_mV), 0, unit::nS, "m", "g"), 10.0, 1e-12);
}

TEST(ParamTable, WrongDimensionNamesParameterAndUnit) {
  try {
    detail::to_nest_unit(value(5.0_mV), 0, unit::pA, "iaf_psc_alpha", "I_e");
    FAIL() << "no error";
  } catch (const dimension_mismatch& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("I_e"), std::string::npos) << msg;
    EXPECT_NE(msg.find("pA"), std::string::npos) << msg;
    EXPECT_NE(msg.find("mV"), std::string::npos) << msg;
  }
}

TEST(ParamTable, ChecksRefuseWhatTheyShould) {
  EXPECT_THROW(detail::check_value(0.0, check::positive, "m", "C_m", unit::pF), bad_value);
  EXPECT_NO_THROW(detail::check_value(1e-9, check::positive, "m", "C_m", unit::pF));
  EXPECT_THROW(detail::check_value(-1e-9, check::nonnegative, "m", "t_ref", unit::ms), bad_value);
  EXPECT_THROW(detail::check_value(std::nan(""), check::any, "m", "E_L", unit::mV), bad_value);
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_THROW(detail::check_value(inf, check::any, "m", "E_L", unit::mV), bad_value);
  EXPECT_THROW(detail::check_value(-inf, check::any, "m", "E_L", unit::mV), bad_value);
  EXPECT_NO_THROW(detail::check_value(-inf, check::any_or_neg_inf, "m", "V_min", unit::mV));
  EXPECT_THROW(detail::check_value(inf, check::any_or_neg_inf, "m", "V_min", unit::mV), bad_value);
}
