# Turns a file into a C++ source defining `std::string_view <SYMBOL>()` over its bytes.
# cmake -DIN=file -DOUT=file.cpp -DNAMESPACE=ns -DSYMBOL=name -P embed_file.cmake
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR size "${hex_len} / 2")
# One byte per "0x..," so that any content (quotes, backslashes, no final newline) survives.
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)"
       "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}.tmp"
"// Generated from ${IN} by embed_file.cmake; do not edit.
#include <string_view>
namespace ${NAMESPACE} {
namespace {
constexpr unsigned char kBytes[${size}] = {
${bytes}};
}  // namespace
std::string_view ${SYMBOL}() noexcept {
  return std::string_view(reinterpret_cast<const char*>(kBytes), sizeof(kBytes));
}
}  // namespace ${NAMESPACE}
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
