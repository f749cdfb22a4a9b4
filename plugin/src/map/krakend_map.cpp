// PLACEHOLDER until the map lands (issue 4).
#include "map/krakend_map.hpp"
namespace kcheck::map {
struct Mapper::Impl {};
Mapper::Mapper(const config::InstanceConfig&) : impl_(std::make_unique<Impl>()) {}
Mapper::~Mapper() = default;
Status Mapper::map_payload(std::string_view, Format, Sink&) { return internal_error("map not implemented"); }
}  // namespace kcheck::map
