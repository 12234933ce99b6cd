/*
 * posix-bsd-types.h: forced in by .ci/posix-check.sh, for net-snmp's
 * headers only.  They use the BSD types u_char, u_short, u_int, u_long and
 * fd_set without including what declares them; on macOS
 * -D_DARWIN_C_SOURCE declares them, glibc with -D_POSIX_C_SOURCE alone
 * does not.  Our own code uses none of them.
 */
#include <sys/select.h>
#include <sys/types.h>
typedef unsigned char	u_char;
typedef unsigned short	u_short;
typedef unsigned int	u_int;
typedef unsigned long	u_long;
