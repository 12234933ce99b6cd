/*
 * snmpflood.c: a trivial SNMP client that measures how many answers a
 * test bed gives a second (tests/bench/fleet.sh: the bed's own limit,
 * beside the collector's figures).  It sends the same v2c GETBULK to
 * COUNT consecutive addresses from FIRST, in turn, keeping WINDOW
 * requests outstanding, for SECONDS, and counts the answers; it does not
 * decode them (an answer is any datagram back).
 *
 *   snmpflood [-w WINDOW] [-t SECONDS] [-p PORT] [-c COMMUNITY]
 *             [-r REPETITIONS] [-o OID] FIRST COUNT
 *
 * Defaults: window 256, 5 s, port 161, "public", 20 repetitions of
 * 1.3.6.1.2.1.43 (the Printer-MIB).  When no answer has come for 200 ms
 * the outstanding requests count as lost and the window refills.
 * Prints one line: "snmpflood: A answers in S s: R answers/s (L lost)".
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#define FLOOD_MAX_PKT	65535

static double
now_s(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
usage(void)
{
	fprintf(stderr, "usage: snmpflood [-w window] [-t seconds] [-p port] "
	    "[-c community] [-r repetitions] [-o oid] first count\n");
	exit(2);
}

static long
num(const char *s, long min, long max)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || n < min || n > max)
		usage();
	return n;
}

/* One GETBULK for reqid, encoded by net-snmp; returns its length. */
static size_t
build(const char *comm, long reps, const oid *name, size_t nlen, long reqid,
    u_char *out)
{
	netsnmp_session	 s;
	netsnmp_pdu	*p;
	u_char		*pkt;
	size_t		 len = FLOOD_MAX_PKT, off = 0, n = 0;

	snmp_sess_init(&s);
	s.version = SNMP_VERSION_2c;
	p = snmp_pdu_create(SNMP_MSG_GETBULK);
	p->version = SNMP_VERSION_2c;
	p->reqid = reqid;
	p->non_repeaters = 0;
	p->max_repetitions = reps;
	p->community = (u_char *)strdup(comm);
	p->community_len = strlen(comm);
	snmp_add_null_var(p, name, nlen);
	if ((pkt = malloc(len)) != NULL &&
	    snmp_build(&pkt, &len, &off, &s, p) == SNMPERR_SUCCESS &&
	    off > 0 && off <= len) {
		memcpy(out, pkt + len - off, off);
		n = off;
	}
	free(pkt);
	snmp_free_pdu(p);
	return n;
}

int
main(int argc, char *argv[])
{
	const char		*comm = "public", *oidtext = "1.3.6.1.2.1.43";
	long			 window = 256, secs = 5, port = 161, reps = 20;
	long			 count, k = 0, out = 0, reqid = 1;
	unsigned long long	 answers = 0, lost = 0;
	oid			 name[MAX_OID_LEN];
	size_t			 nlen = MAX_OID_LEN, plen;
	struct in_addr		 first;
	struct sockaddr_in	 to;
	struct pollfd		 pfd;
	u_char			 pkt[FLOOD_MAX_PKT], in[FLOOD_MAX_PKT];
	double			 t0, t, last;
	int			 c, fd, sz = 8 * 1024 * 1024;

	while ((c = getopt(argc, argv, "w:t:p:c:r:o:")) != -1) {
		switch (c) {
		case 'w': window = num(optarg, 1, 65536); break;
		case 't': secs = num(optarg, 1, 3600); break;
		case 'p': port = num(optarg, 1, 65535); break;
		case 'c': comm = optarg; break;
		case 'r': reps = num(optarg, 0, 1000); break;
		case 'o': oidtext = optarg; break;
		default: usage();
		}
	}
	if (argc - optind != 2 || inet_pton(AF_INET, argv[optind], &first) != 1)
		usage();
	count = num(argv[optind + 1], 1, 16777216);
	setenv("MIBS", "", 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	{
		const char	*q = oidtext;
		char		*end;

		for (nlen = 0; *q != '\0' && nlen < MAX_OID_LEN; nlen++) {
			errno = 0;
			name[nlen] = strtoul(q, &end, 10);
			if (end == q || errno != 0 || (*end != '.' &&
			    *end != '\0'))
				usage();
			q = *end == '.' ? end + 1 : end;
		}
		if (nlen < 2)
			usage();
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		perror("snmpflood: socket");
		return 1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)) != 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_port = htons((uint16_t)port);
	pfd.fd = fd;
	pfd.events = POLLIN;
	t0 = last = now_s();
	while ((t = now_s()) - t0 < (double)secs) {
		while (out < window) {
			to.sin_addr.s_addr = htonl(ntohl(first.s_addr) +
			    (uint32_t)(k++ % count));
			plen = build(comm, reps, name, nlen, reqid++, pkt);
			if (plen == 0 || sendto(fd, pkt, plen, 0,
			    (struct sockaddr *)&to, sizeof(to)) < 0)
				break;
			out++;
		}
		if (poll(&pfd, 1, 50) > 0) {
			while (recv(fd, in, sizeof(in), 0) > 0) {
				answers++;
				if (out > 0)
					out--;
				last = now_s();
			}
		} else if (out > 0 && now_s() - last > 0.2) {
			lost += (unsigned long long)out;
			out = 0;
			last = now_s();
		}
	}
	t = now_s() - t0;
	printf("snmpflood: %llu answers in %.2f s: %.0f answers/s "
	    "(%llu lost)\n", answers, t, (double)answers / t, lost);
	close(fd);
	return 0;
}
