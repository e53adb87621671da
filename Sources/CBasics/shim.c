#define _GNU_SOURCE
#include "CBasics.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <unistd.h>

int cbasics_pipe2(int fds[2], int flags) { return pipe2(fds, flags); }

int cbasics_spawn_add_chdir(posix_spawn_file_actions_t *actions, const char *path) {
  return posix_spawn_file_actions_addchdir_np(actions, path);
}

int cbasics_spawn_add_close_from(posix_spawn_file_actions_t *actions, int from) {
  return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

int cbasics_close_range_from(unsigned int first, int flags) {
  return (int)syscall(SYS_close_range, first, ~0U, flags);
}
