#include <archive.h>
#include <archive_entry.h>

/* File-type macros are casts Swift cannot import; expose them as constants. */
static const unsigned int CARCHIVE_IFREG = AE_IFREG;
static const unsigned int CARCHIVE_IFDIR = AE_IFDIR;
static const unsigned int CARCHIVE_IFLNK = AE_IFLNK;
static const unsigned int CARCHIVE_IFCHR = AE_IFCHR;
static const unsigned int CARCHIVE_IFBLK = AE_IFBLK;
static const unsigned int CARCHIVE_IFIFO = AE_IFIFO;
static const unsigned int CARCHIVE_IFSOCK = AE_IFSOCK;
