// PLACEHOLDER until host-stub lands.
int main() { return 0; }
