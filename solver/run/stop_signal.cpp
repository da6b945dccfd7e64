#include "solver/run/stop_signal.hpp"

#include <csignal>

namespace pf {

namespace {

volatile std::sig_atomic_t stop_flag = 0;

extern "C" void on_stop_signal(int) { stop_flag = 1; }

}  // namespace

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // interrupted reads and writes carry on; the loop polls the flag
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGUSR1, &action, nullptr);
}

bool stop_requested() { return stop_flag != 0; }
void request_stop() { stop_flag = 1; }
void clear_stop_request() { stop_flag = 0; }

}  // namespace pf
