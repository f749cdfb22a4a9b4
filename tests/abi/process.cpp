#include "process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mutex>
#include <sstream>
#include <thread>

extern char** environ;

namespace kcheck::abitest {

ProcessResult run_process(
    const std::vector<std::string>& argv,
    const std::function<void(int, const std::function<std::string()>&)>& while_running,
    std::chrono::seconds limit) {
  ProcessResult result;
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) return result;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (rc != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    result.err = "posix_spawn failed";
    return result;
  }

  std::mutex mutex;
  std::thread watcher;
  if (while_running) {
    watcher = std::thread([&] {
      while_running(pid, [&] {
        std::lock_guard lock(mutex);
        return result.out;
      });
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int open_fds = 2;
  char buf[4096];
  while (open_fds > 0) {
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    ::poll(fds, 2, 100);
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buf, sizeof(buf));
      if (n <= 0) {
        ::close(i == 0 ? out_pipe[0] : err_pipe[0]);
        (i == 0 ? out_pipe[0] : err_pipe[0]) = -1;
        --open_fds;
        continue;
      }
      std::lock_guard lock(mutex);
      (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
    }
    if (std::chrono::steady_clock::now() > deadline) ::kill(pid, SIGKILL);
    if (out_pipe[0] < 0 && err_pipe[0] < 0) break;
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (watcher.joinable()) watcher.join();
  if (WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.exit_status = 128 + WTERMSIG(status);
  return result;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace kcheck::abitest
