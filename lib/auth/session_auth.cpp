#include "auth/session_auth.hpp"

#include <utility>

namespace bramble::auth {
namespace {

constexpr std::string_view kChallenge = "bramble-auth-1 challenge ";
constexpr std::string_view kProof = "bramble-auth-1 proof ";
constexpr std::string_view kAcceptance = "bramble-auth-1 accept ";

// What each side's proof and each direction's signatures are bound to, so that nothing one side
// sends can be played back to it as the other side's.
constexpr std::string_view kConnectingProof = "proof of the connecting daemon";
constexpr std::string_view kAcceptingProof = "proof of the accepting daemon";
constexpr std::string_view kSessionKey = "session key";
constexpr std::string_view kToAccepting = "to the accepting daemon";
constexpr std::string_view kToConnecting = "to the connecting daemon";

std::string sequence_bytes(std::uint64_t number) {
    std::string out(8, '\0');
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = static_cast<char>((number >> (56 - 8 * i)) & 0xff);
    }
    return out;
}

// The bytes after `prefix`, when `body` starts with it.
std::optional<std::string_view> after(std::string_view body, std::string_view prefix) {
    if (body.substr(0, prefix.size()) != prefix) return std::nullopt;
    return body.substr(prefix.size());
}

std::string describe(std::string_view body) {
    return body.size() > 40 ? std::to_string(body.size()) + " bytes of something else"
                            : "\"" + std::string(body) + "\"";
}

}  // namespace

SessionAuth::SessionAuth(ClusterKey key, Side side)
    : key_(std::move(key)),
      side_(side),
      state_(side == Side::Accepting ? State::WaitingForProof : State::WaitingForChallenge) {}

std::vector<std::string> SessionAuth::opening() {
    if (side_ != Side::Accepting) return {};
    accepting_nonce_ = random_nonce();
    return {std::string(kChallenge) + to_hex(accepting_nonce_)};
}

Result<SessionAuth::Received> SessionAuth::fail(std::string why) {
    state_ = State::Failed;
    return make_error(std::move(why));
}

void SessionAuth::derive_session() {
    session_.emplace(key_.tag({kSessionKey, accepting_nonce_, connecting_nonce_}));
    state_ = State::Ready;
}

Result<SessionAuth::Received> SessionAuth::receive(std::string body) {
    Received out;
    switch (state_) {
        case State::WaitingForChallenge: {
            const auto nonce_text = after(body, kChallenge);
            const std::string nonce = nonce_text ? from_hex(*nonce_text) : "";
            if (nonce.size() != kTagBytes) {
                return fail("expected the peer's challenge, got " + describe(body));
            }
            accepting_nonce_ = nonce;
            connecting_nonce_ = random_nonce();
            out.replies.push_back(
                std::string(kProof) + to_hex(connecting_nonce_) + " " +
                to_hex(key_.tag({kConnectingProof, accepting_nonce_, connecting_nonce_})));
            state_ = State::WaitingForAcceptance;
            return out;
        }
        case State::WaitingForProof: {
            const auto words = after(body, kProof);
            const auto space = words ? words->find(' ') : std::string_view::npos;
            const std::string nonce =
                space == std::string_view::npos ? "" : from_hex(words->substr(0, space));
            const std::string proof =
                space == std::string_view::npos ? "" : from_hex(words->substr(space + 1));
            if (nonce.size() != kTagBytes || proof.size() != kTagBytes) {
                return fail("expected a proof of the cluster key, got " + describe(body));
            }
            connecting_nonce_ = nonce;
            if (!same_tag(proof, key_.tag({kConnectingProof, accepting_nonce_, nonce}))) {
                return fail("the peer does not hold this cluster's key (its proof does not match)");
            }
            out.replies.push_back(
                std::string(kAcceptance) +
                to_hex(key_.tag({kAcceptingProof, accepting_nonce_, connecting_nonce_})));
            derive_session();
            out.became_ready = true;
            return out;
        }
        case State::WaitingForAcceptance: {
            const auto proof_text = after(body, kAcceptance);
            const std::string proof = proof_text ? from_hex(*proof_text) : "";
            if (proof.size() != kTagBytes) {
                return fail("expected the peer's proof of the cluster key, got " + describe(body));
            }
            if (!same_tag(proof,
                          key_.tag({kAcceptingProof, accepting_nonce_, connecting_nonce_}))) {
                return fail("the peer does not hold this cluster's key (its proof does not match)");
            }
            derive_session();
            out.became_ready = true;
            return out;
        }
        case State::Ready: {
            if (body.size() < kTagBytes) {
                return fail("message " + std::to_string(received_) + " carries no signature");
            }
            const std::string_view message = std::string_view(body).substr(kTagBytes);
            const std::string_view direction =
                side_ == Side::Accepting ? kToAccepting : kToConnecting;
            const std::string expected =
                session_->tag({direction, sequence_bytes(received_), message});
            if (!same_tag(std::string_view(body).substr(0, kTagBytes), expected)) {
                return fail("message " + std::to_string(received_) +
                            " failed its signature check (forged, altered or replayed)");
            }
            ++received_;
            body.erase(0, kTagBytes);
            out.message = std::move(body);
            return out;
        }
        case State::Failed:
            break;
    }
    return make_error("the connection already failed its authentication");
}

std::string SessionAuth::seal(std::string_view message) {
    const std::string_view direction = side_ == Side::Accepting ? kToConnecting : kToAccepting;
    std::string out = session_->tag({direction, sequence_bytes(sent_), message});
    ++sent_;
    out.append(message);
    return out;
}

}  // namespace bramble::auth
