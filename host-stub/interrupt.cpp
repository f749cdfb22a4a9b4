#include "interrupt.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace kcheck::stub {

InterruptWatcher::InterruptWatcher() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal_fd_ = ::signalfd(-1, &set, SFD_CLOEXEC);
  if (::pipe2(stop_pipe_, O_CLOEXEC) != 0) stop_pipe_[0] = stop_pipe_[1] = -1;
  if (signal_fd_ >= 0 && stop_pipe_[0] >= 0) thread_ = std::thread([this] { watch(); });
}

InterruptWatcher::~InterruptWatcher() {
  if (thread_.joinable()) {
    const char byte = 0;
    (void)!::write(stop_pipe_[1], &byte, 1);
    thread_.join();
  }
  for (int fd : {signal_fd_, stop_pipe_[0], stop_pipe_[1]}) {
    if (fd >= 0) ::close(fd);
  }
}

void InterruptWatcher::set_target(const InstanceHandle* target) {
  std::lock_guard lock(mutex_);
  target_ = target;
}

bool InterruptWatcher::interrupted() const {
  std::lock_guard lock(mutex_);
  return interrupted_;
}

bool InterruptWatcher::sleep_for(std::chrono::milliseconds d) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, d, [this] { return interrupted_; });
}

void InterruptWatcher::watch() {
  int signals = 0;
  for (;;) {
    pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    if ((fds[0].revents & POLLIN) == 0) continue;
    signalfd_siginfo info{};
    if (::read(signal_fd_, &info, sizeof(info)) != static_cast<ssize_t>(sizeof(info))) continue;
    if (++signals > 1) {
      std::fputs("host-stub: interrupted again, exiting now\n", stderr);
      std::_Exit(130);
    }
    std::fputs("host-stub: interrupted, cancelling the run (interrupt again to exit now)\n",
               stderr);
    {
      // Holding the lock across cancel() is what lets set_target() promise that the
      // previous target is no longer used; cancel() does not block.
      std::lock_guard lock(mutex_);
      interrupted_ = true;
      if (target_ != nullptr) target_->cancel();
    }
    wake_.notify_all();
  }
}

}  // namespace kcheck::stub
