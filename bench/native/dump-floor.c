// The kernel's floor for a route dump: a plain C receive loop with no decoding. Opens a NETLINK_ROUTE
// socket (in the network namespace given as argv[1], a path like /run/netns/NAME), dumps IPv4 routes of
// every table, counts the messages, and prints "messages nanoseconds" for the best of argv[2] rounds.
// With argv[3] "conntrack" it dumps the conntrack table instead (NETLINK_NETFILTER, IPCTNL_MSG_CT_GET of
// every family). With argv[3] "tcfilter" and argv[4] an interface index it dumps the filters of that
// interface's qdisc 1: (RTM_GETTFILTER, tcm_parent 1:0), as `tc filter show dev … parent 1:` asks. With
// argv[3] "nftrules" it dumps every nftables rule (NETLINK_NETFILTER, NFT_MSG_GETRULE of every family).
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc > 1 && argv[1][0]) {
    int ns = open(argv[1], O_RDONLY | O_CLOEXEC);
    if (ns < 0 || setns(ns, CLONE_NEWNET) < 0) { perror("setns"); return 1; }
    close(ns);
  }
  int rounds = argc > 2 ? atoi(argv[2]) : 5;
  int conntrack = argc > 3 && strcmp(argv[3], "conntrack") == 0;
  int nftrules = argc > 3 && strcmp(argv[3], "nftrules") == 0;
  int tcfilter = argc > 4 && strcmp(argv[3], "tcfilter") == 0;
  static char buf[1 << 20];
  long long best = -1, messages = 0;
  for (int round = 0; round < rounds; round++) {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, conntrack ? NETLINK_NETFILTER : nftrules ? NETLINK_NETFILTER : NETLINK_ROUTE);
    if (fd < 0) { perror("socket"); return 1; }
    struct { struct nlmsghdr h; union { struct rtmsg r; struct tcmsg t; }; } req;
    memset(&req, 0, sizeof req);
    req.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
    req.h.nlmsg_type = RTM_GETROUTE;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.h.nlmsg_seq = 1;
    req.r.rtm_family = AF_INET;
    if (conntrack) {
      // NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_GET, and a zeroed nfgenmsg (every family) for a header.
      req.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct nfgenmsg));
      req.h.nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | 1;
      req.r.rtm_family = 0;
    }
    if (nftrules) {
      // NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_GETRULE, and a zeroed nfgenmsg (every family).
      req.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct nfgenmsg));
      req.h.nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | 7;
      req.r.rtm_family = 0;
    }
    if (tcfilter) {
      req.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct tcmsg));
      req.h.nlmsg_type = RTM_GETTFILTER;
      memset(&req.t, 0, sizeof req.t);
      req.t.tcm_ifindex = atoi(argv[4]);
      req.t.tcm_parent = 0x10000;
    }
    long long start = now_ns(), count = 0;
    if (send(fd, &req, req.h.nlmsg_len, 0) < 0) { perror("send"); return 1; }
    for (int done = 0; !done;) {
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n < 0) { perror("recv"); return 1; }
      for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
        if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) { done = 1; break; }
        count++;
      }
    }
    long long elapsed = now_ns() - start;
    close(fd);
    if (best < 0 || elapsed < best) best = elapsed;
    messages = count;
  }
  printf("%lld %lld\n", messages, best);
  return 0;
}
