// PLACEHOLDER until the scraper lands (issue 5).
#include "http/client.hpp"
namespace kcheck::http {
struct Client::Impl { config::HttpOptions options; };
Client::Client(config::HttpOptions options) : impl_(std::make_unique<Impl>(Impl{std::move(options)})) {}
Client::~Client() = default;
Result<Response> Client::fetch(const CancelToken&) { return internal_error("http not implemented"); }
}  // namespace kcheck::http
