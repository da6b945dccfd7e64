#pragma once
// SIGTERM and SIGUSR1 (Slurm's time-limit warning) ask a run to stop at the next step
// boundary after writing a checkpoint. The handlers only set a flag; the run loop reads it.
namespace pf {

// Installs the handlers for SIGTERM and SIGUSR1 (the porefield binary does, at `run`).
void install_stop_handlers();
// True once a stop was requested (a signal, or request_stop()).
bool stop_requested();
void request_stop();
void clear_stop_request();

}  // namespace pf
