// Compiles catch.hpp's precompiled header for every test target (tests/CMakeLists.txt).
int main() {
  return 0;
}
