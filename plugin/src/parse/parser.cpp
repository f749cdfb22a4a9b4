// PLACEHOLDER until the parser lands (issue 2).
#include "kcheck/parse.hpp"
namespace kcheck {
struct Parser::Impl { Family f; Sample s; ParseError e; };
Parser::Parser(std::string_view, Format) : impl_(std::make_unique<Impl>()) {}
Parser::~Parser() = default;
Parser::Parser(Parser&&) noexcept = default;
Parser& Parser::operator=(Parser&&) noexcept = default;
Event Parser::next() { impl_->e.message = "not implemented"; return Event::kError; }
const Family& Parser::family() const noexcept { return impl_->f; }
const Sample& Parser::sample() const noexcept { return impl_->s; }
const ParseError& Parser::error() const noexcept { return impl_->e; }
std::size_t Parser::line() const noexcept { return 0; }
std::string ParseError::to_string(std::string_view) const { return message; }
Format format_from_content_type(std::string_view) noexcept { return Format::kPrometheus; }
}  // namespace kcheck
