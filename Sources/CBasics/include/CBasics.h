// glibc calls that Swift's Glibc module hides behind _GNU_SOURCE, compiled once here with it defined.
#ifndef CBASICS_H
#define CBASICS_H

#include <spawn.h>

/// pipe2(2): a pipe whose ends get `flags` (O_CLOEXEC, O_NONBLOCK) atomically.
int cbasics_pipe2(int fds[2], int flags);

/// posix_spawn_file_actions_addchdir_np: the child starts in `path`.
int cbasics_spawn_add_chdir(posix_spawn_file_actions_t *actions, const char *path);

/// posix_spawn_file_actions_addclosefrom_np: the child closes every descriptor from `from` up.
int cbasics_spawn_add_close_from(posix_spawn_file_actions_t *actions, int from);

/// close_range(2) from `first` up with `flags` (0, or CLOSE_RANGE_CLOEXEC = 4); -1 and errno when unsupported.
int cbasics_close_range_from(unsigned int first, int flags);

#endif
