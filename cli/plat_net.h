/*
 * plat_net.h: the system's socket headers, in one place (as curl's setup
 * header does): the BSD socket API on POSIX, Winsock 2 on Windows, which
 * has the same calls for what fleetaudit uses of it (inet_pton,
 * getaddrinfo, socket, bind, sendto, select's fd_set).  Part of the
 * platform layer (plat.h): the only #ifdef is here.
 */
#ifndef FA_PLAT_NET_H
#define FA_PLAT_NET_H

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#include <afunix.h>		/* AF_UNIX: Windows 10 1803 and later */
#else
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/un.h>
#endif

#endif
