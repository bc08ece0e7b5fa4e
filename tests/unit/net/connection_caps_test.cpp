// Connection caps: per uid (or address) and in all, places given back when connections close, and
// one log line per episode of refusals, not one per refused connection.
#include "net/connection_caps.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace bramble::net {
namespace {

std::vector<ConnectionCaps::Place> take(ConnectionCaps& caps, const std::string& key, int count) {
    std::vector<ConnectionCaps::Place> places;
    for (int i = 0; i < count; ++i) {
        auto verdict = caps.admit(key);
        EXPECT_TRUE(verdict.place.has_value()) << key << " #" << i << ": " << verdict.refusal;
        if (verdict.place) places.push_back(std::move(*verdict.place));
    }
    return places;
}

TEST(ConnectionCaps, OneUserOverItsCapIsRefusedWithTheCountAndOthersAreNot) {
    ConnectionCaps caps(/*per_key=*/3, /*total=*/10);
    auto bobs = take(caps, "uid 1001", 3);
    auto refused = caps.admit("uid 1001");
    EXPECT_FALSE(refused.place.has_value());
    EXPECT_EQ(refused.refusal, "too many connections from uid 1001 (3 open); try again later");
    EXPECT_TRUE(caps.admit("uid 1000").place.has_value()) << "alice must still get in";
}

TEST(ConnectionCaps, AClosedConnectionGivesItsPlaceBack) {
    ConnectionCaps caps(2, 10);
    {
        auto places = take(caps, "uid 1001", 2);
        EXPECT_EQ(caps.open("uid 1001"), 2u);
    }
    EXPECT_EQ(caps.open("uid 1001"), 0u);
    EXPECT_EQ(caps.open_total(), 0u);
    EXPECT_TRUE(caps.admit("uid 1001").place.has_value());
}

TEST(ConnectionCaps, TheTotalCapHoldsOverManyKeys) {
    ConnectionCaps caps(/*per_key=*/16, /*total=*/4, "connections without the cluster key");
    auto a = take(caps, "address 10.0.0.1", 2);
    auto b = take(caps, "address 10.0.0.2", 2);
    auto refused = caps.admit("address 10.0.0.3");
    EXPECT_FALSE(refused.place.has_value());
    EXPECT_EQ(refused.refusal,
              "too many connections without the cluster key (4 open, the most it takes); try "
              "again later");
}

TEST(ConnectionCaps, OnlyTheFirstRefusalOfAnEpisodeIsToBeLogged) {
    ConnectionCaps caps(1, 10);
    auto held = caps.admit("uid 1001");
    ASSERT_TRUE(held.place.has_value());
    EXPECT_TRUE(caps.admit("uid 1001").first_refusal);
    for (int i = 0; i < 1000; ++i)
        EXPECT_FALSE(caps.admit("uid 1001").first_refusal);
    held.place.reset();
    auto again = caps.admit("uid 1001");  // the episode ends
    ASSERT_TRUE(again.place.has_value());
    EXPECT_TRUE(caps.admit("uid 1001").first_refusal);  // and a new one begins
}

TEST(ConnectionCaps, APlaceOutlivingItsCapsIsHarmless) {
    std::optional<ConnectionCaps::Place> place;
    {
        ConnectionCaps caps(1, 1);
        place.emplace(std::move(*caps.admit("uid 0").place));
    }
    place.reset();  // the listener is gone before the connection: nothing to give back to
}

}  // namespace
}  // namespace bramble::net
