/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tessera-bench: the Linux guest's benchmarks, the same program on plain QEMU (Linux's
 * own virtio drivers) and as a Tessera guest (Tessera's drivers); tools/linux_bench.py
 * runs it on both and compares (docs/benchmarks.md, "The Linux guest").
 *
 *   tessera-bench now     print the virtual counter in ns since it started (init keeps
 *                         it at the shell's start: /tmp/tessera-boot-ns)
 *   tessera-bench all     run every benchmark (each needs its device: a disk, eth0,
 *                         /dev/tessera/greeter; without it, it says it skipped)
 *   tessera-bench NAME... run these: boot, cpu, getpid, pipe, blk, net, channel
 *
 * Each figure is a line "LINUXBENCH <name> <ns per operation> <operations>": time read
 * from the virtual counter (CNTVCT_EL0), so under QEMU's -icount shift=0 it is work
 * done by every CPU of the machine, one instruction per ns, whoever does it (Linux, or
 * Tessera's kernel, VMM and drivers). The last line is "tessera-bench: done".
 */
#include <linux/in.h>
#include <linux/signal.h>

#include "raw.h"
#include "uapi/tessera_channel.h"

#define AF_INET 2 /* from the C library's sys/socket.h, which uapi does not have */
#define ECHO 2	  /* the greeter's label that answers the words unchanged (examples/vm) */

static unsigned long now_ns(void)
{
	unsigned long count, frequency;
	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(count));
	__asm__("mrs %0, cntfrq_el0" : "=r"(frequency));
	return count / frequency * 1000000000u + count % frequency * 1000000000u / frequency;
}

static void report(const char *name, unsigned long ns, unsigned long ops)
{
	puts_("LINUXBENCH ");
	puts_(name);
	puts_(" ");
	put_number(ns / ops);
	puts_(" ");
	put_number(ops);
	puts_("\n");
}

static void skip(const char *name, const char *why)
{
	puts_("tessera-bench: ");
	puts_(name);
	puts_(" skipped: ");
	puts_(why);
	puts_("\n");
}

static long open_(const char *path, long flags)
{
	return sys4(__NR_openat, AT_FDCWD, (long)path, flags, 0);
}

/* Boot to the shell: the counter when init started the shell, kept by `now`. */
static void bench_boot(void)
{
	char text[24];
	unsigned long ns = 0;
	long fd = open_("/tmp/tessera-boot-ns", O_RDONLY), n;
	if (fd < 0) {
		skip("linux_boot", "no /tmp/tessera-boot-ns (init writes it)");
		return;
	}
	n = sys4(__NR_read, fd, (long)text, sizeof(text), 0);
	sys4(__NR_close, fd, 0, 0, 0);
	for (long i = 0; i < n && text[i] >= '0' && text[i] <= '9'; i++)
		ns = ns * 10 + (unsigned long)(text[i] - '0');
	report("linux_boot", ns, 1);
}

/* CPU-bound: a xorshift generator's steps, per 1,000. */
static void bench_cpu(void)
{
	enum { THOUSANDS = 20000 };
	unsigned long x = 88172645463325252ul, t = now_ns();
	for (unsigned long i = 0; i < THOUSANDS * 1000ul; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		__asm__ volatile("" : "+r"(x));
	}
	report("linux_cpu", now_ns() - t, THOUSANDS);
}

static void bench_getpid(void)
{
	enum { N = 100000 };
	unsigned long t = now_ns();
	for (int i = 0; i < N; i++)
		sys4(__NR_getpid, 0, 0, 0, 0);
	report("linux_getpid", now_ns() - t, N);
}

/* Two processes on CPU 0 pass a byte back and forth through two pipes: per round trip
 * (two context switches, two writes, two reads). */
static void bench_pipe(void)
{
	enum { N = 10000 };
	int there[2], back[2];
	unsigned long cpu0 = 1, t;
	char byte = 0;
	if (sys4(__NR_sched_setaffinity, 0, sizeof(cpu0), (long)&cpu0, 0) < 0 ||
	    sys4(__NR_pipe2, (long)there, 0, 0, 0) < 0 ||
	    sys4(__NR_pipe2, (long)back, 0, 0, 0) < 0) {
		skip("linux_pipe", "no pipes or no CPU 0");
		return;
	}
	long child = sys6(__NR_clone, SIGCHLD, 0, 0, 0, 0, 0);
	if (child == 0) {
		for (int i = 0; i < N; i++) {
			sys4(__NR_read, there[0], (long)&byte, 1, 0);
			sys4(__NR_write, back[1], (long)&byte, 1, 0);
		}
		sys4(__NR_exit, 0, 0, 0, 0);
	}
	t = now_ns();
	for (int i = 0; i < N; i++) {
		sys4(__NR_write, there[1], (long)&byte, 1, 0);
		sys4(__NR_read, back[0], (long)&byte, 1, 0);
	}
	t = now_ns() - t;
	sys4(__NR_wait4, child, 0, 0, 0);
	for (int i = 0; i < 2; i++) {
		sys4(__NR_close, there[i], 0, 0, 0);
		sys4(__NR_close, back[i], 0, 0, 0);
	}
	report("linux_pipe", t, N);
}

/* The disk, raw and without the page cache (O_DIRECT): N transfers of SIZE bytes at
 * consecutive offsets. */
static unsigned char disk_buffer[65536] __attribute__((aligned(4096)));

static void bench_disk(long fd, const char *name, int write, unsigned long size, int n)
{
	unsigned long t = now_ns();
	for (int i = 0; i < n; i++) {
		long done = sys4(write ? __NR_pwrite64 : __NR_pread64, fd, (long)disk_buffer,
				 (long)size, (long)(i * size));
		if (done != (long)size) {
			skip(name, "a transfer failed");
			return;
		}
	}
	report(name, now_ns() - t, (unsigned long)n);
}

static void bench_blk(void)
{
	long fd = open_("/dev/vda", O_RDWR | O_DIRECT);
	if (fd < 0)
		fd = open_("/dev/tsrblk0", O_RDWR | O_DIRECT);
	if (fd < 0) {
		skip("linux_blk_*", "no disk (/dev/vda or /dev/tsrblk0)");
		return;
	}
	bench_disk(fd, "linux_blk_read_4k", 0, 4096, 2000);
	bench_disk(fd, "linux_blk_write_4k", 1, 4096, 2000);
	bench_disk(fd, "linux_blk_read_64k", 0, 65536, 500);
	sys4(__NR_close, fd, 0, 0, 0);
}

static unsigned short checksum(const unsigned char *p, int n)
{
	unsigned long sum = 0;
	for (int i = 0; i + 1 < n; i += 2)
		sum += (unsigned long)(p[i] | p[i + 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (unsigned short)~sum;
}

/* ICMP echo to QEMU's user network's gateway (10.0.2.2), which answers it itself: per
 * round trip, 56 bytes of data as ping sends. */
static void bench_net(void)
{
	enum { N = 1000, DATA = 56 };
	struct sockaddr_in gateway = {
	    .sin_family = AF_INET, .sin_addr.s_addr = 0x0202000a, /* 10.0.2.2, in network order */
	};
	unsigned char request[8 + DATA] = {8 /* echo request */}, reply[128];
	struct timeval_ {
		long sec, usec;
	} limit = {1, 0};
	long fd = sys4(__NR_socket, AF_INET, 3 /* SOCK_RAW */, IPPROTO_ICMP, 0), t;
	if (fd < 0 || sys6(__NR_setsockopt, fd, 1 /* SOL_SOCKET */, 20 /* SO_RCVTIMEO */,
			   (long)&limit, sizeof(limit), 0) < 0) {
		skip("linux_net_rtt", "no raw ICMP socket");
		return;
	}
	t = (long)now_ns();
	for (int i = 0; i < N; i++) {
		request[2] = request[3] = 0;
		request[6] = (unsigned char)i;
		request[7] = (unsigned char)(i >> 8);
		unsigned short sum = checksum(request, sizeof(request));
		request[2] = (unsigned char)sum;
		request[3] = (unsigned char)(sum >> 8);
		if (sys6(__NR_sendto, fd, (long)request, sizeof(request), 0, (long)&gateway,
			 sizeof(gateway)) != sizeof(request)) {
			skip("linux_net_rtt", "sendto failed (no eth0?)");
			return;
		}
		for (;;) { /* the reply: IP header, then ICMP echo reply (0) with our sequence */
			long n = sys6(__NR_recvfrom, fd, (long)reply, sizeof(reply), 0, 0, 0);
			if (n < 0) {
				skip("linux_net_rtt", "no answer within a second");
				return;
			}
			int ihl = (reply[0] & 15) * 4;
			if (n >= ihl + 8 && reply[ihl] == 0 && reply[ihl + 6] == request[6] &&
			    reply[ihl + 7] == request[7])
				break;
		}
	}
	report("linux_net_rtt", now_ns() - (unsigned long)t, N);
	sys4(__NR_close, fd, 0, 0, 0);
}

/* A call to a native component: the greeter's echo (examples/linux), six words each way. */
static void bench_channel(void)
{
	enum { N = 10000 };
	struct tessera_channel_msg m;
	long fd = open_("/dev/tessera/greeter", O_RDWR);
	unsigned long t;
	if (fd < 0) {
		skip("linux_channel_call", "no /dev/tessera/greeter (not a Tessera guest)");
		return;
	}
	t = now_ns();
	for (int i = 0; i < N; i++) {
		m.label = ECHO;
		m.length = TESSERA_CHANNEL_WORDS;
		m.reserved = 0;
		for (int w = 0; w < TESSERA_CHANNEL_WORDS; w++)
			m.words[w] = (unsigned long)(i + w);
		if (sys4(__NR_ioctl, fd, TESSERA_CHANNEL_CALL, (long)&m, 0) < 0 ||
		    m.label != ECHO || m.words[0] != (unsigned long)i) {
			skip("linux_channel_call", "the greeter did not echo");
			return;
		}
	}
	report("linux_channel_call", now_ns() - t, N);
	sys4(__NR_close, fd, 0, 0, 0);
}

static const struct {
	const char *name;
	void (*run)(void);
} benchmarks[] = {
    {"boot", bench_boot}, {"cpu", bench_cpu}, {"getpid", bench_getpid},	  {"pipe", bench_pipe},
    {"blk", bench_blk},	  {"net", bench_net}, {"channel", bench_channel},
};

/* `spin D` (D a digit): say "spin D", then keep a CPU busy for ever at EL0 with "spin"
 * and D in x19 (0x7370696e0000000D), which a register dump of the machine recognises:
 * the test that both vCPUs run at once on two CPUs (tests/qemu/linux.cmake). */
static void spin(const char *digit)
{
	unsigned long tag = 0x7370696e00000000UL | (unsigned long)(digit[0] - '0');
	char line[] = "spin D\n"; /* one write: not split by the shell's prompt */
	line[5] = digit[0];
	put(line, sizeof(line) - 1);
	__asm__ volatile("mov x19, %0\n1:\tb 1b" : : "r"(tag) : "x19");
}

int main(int argc, char **argv)
{
	enum { COUNT = sizeof(benchmarks) / sizeof(benchmarks[0]) };
	if (argc == 3 && same(argv[1], "spin") && argv[2][0] >= '0' && argv[2][0] <= '9')
		spin(argv[2]);
	if (argc == 2 && same(argv[1], "now")) {
		put_number(now_ns());
		puts_("\n");
		return 0;
	}
	if (argc < 2) {
		puts_("usage: tessera-bench now|spin "
		      "DIGIT|all|boot|cpu|getpid|pipe|blk|net|channel...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		int known = 0;
		for (int b = 0; b < COUNT; b++) {
			if (same(argv[i], "all") || same(argv[i], benchmarks[b].name)) {
				benchmarks[b].run();
				known = 1;
			}
		}
		if (!known) {
			puts_("tessera-bench: no benchmark ");
			puts_(argv[i]);
			puts_("\n");
			return 2;
		}
	}
	puts_("tessera-bench: done\n");
	return 0;
}
