// The kernel's floor for a route dump: a plain C receive loop with no decoding. Opens a NETLINK_ROUTE
// socket (in the network namespace given as argv[1], a path like /run/netns/NAME), dumps IPv4 routes of
// every table, counts the messages, and prints "messages nanoseconds" for the best of argv[2] rounds.
// With argv[3] "conntrack" it dumps the conntrack table instead (NETLINK_NETFILTER, IPCTNL_MSG_CT_GET of
// every family). With argv[3] "tcfilter" and argv[4] an interface index it dumps the filters of that
// interface's qdisc 1: (RTM_GETTFILTER, tcm_parent 1:0), as `tc filter show dev … parent 1:` asks. With
// argv[3] "nftrules" it dumps every nftables rule (NETLINK_NETFILTER, NFT_MSG_GETRULE of every family).
// With argv[3] "nftelems" it lists the sets (NFT_MSG_GETSET of every family, untimed) and then dumps each
// set's elements (NFT_MSG_GETSETELEM, one dump per set, one after another, as nft and linx must: the kernel
// takes one set per request); it prints "messages nanoseconds cpu-nanoseconds", the CPU time (user +
// system, getrusage) of the best round's dumps.
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long cpu_ns(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000000000LL + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1000LL;
}

/** One set: its family and the NFTA_SET_TABLE and NFTA_SET_NAME attributes as the set dump sent them. */
struct set_ref { unsigned char family; char table[256]; char name[256]; };

/** Appends a string attribute (NUL-terminated, padded to 4 bytes) at the end of the message. */
static void put_string(struct nlmsghdr *h, unsigned short type, const char *value) {
  struct nlattr *a = (struct nlattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));
  a->nla_type = type;
  a->nla_len = NLA_HDRLEN + strlen(value) + 1;
  memcpy((char *)a + NLA_HDRLEN, value, strlen(value) + 1);
  h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + NLA_ALIGN(a->nla_len);
}

/**
 * Sends `req` (a dump) and reads to NLMSG_DONE; counts the data messages. With `sets`, records each
 * NEWSET's family, table and name there (at most `max`) in `*found`.
 */
static long long dump(int fd, struct nlmsghdr *req, char *buf, size_t size, struct set_ref *sets, int max, int *found) {
  long long count = 0;
  if (send(fd, req, req->nlmsg_len, 0) < 0) { perror("send"); exit(1); }
  for (int done = 0; !done;) {
    ssize_t n = recv(fd, buf, size, 0);
    if (n < 0) { perror("recv"); exit(1); }
    for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
      if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) { done = 1; break; }
      count++;
      if (sets == NULL || *found >= max) continue;
      struct set_ref *s = &sets[*found];
      memset(s, 0, sizeof *s);
      s->family = ((struct nfgenmsg *)NLMSG_DATA(h))->nfgen_family;
      int left = h->nlmsg_len - NLMSG_SPACE(sizeof(struct nfgenmsg));
      for (struct nlattr *a = (struct nlattr *)((char *)NLMSG_DATA(h) + NLMSG_ALIGN(sizeof(struct nfgenmsg)));
           left >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= left;
           left -= NLA_ALIGN(a->nla_len), a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len))) {
        int type = a->nla_type & NLA_TYPE_MASK, len = a->nla_len - NLA_HDRLEN;
        if ((type == NFTA_SET_TABLE || type == NFTA_SET_NAME) && len > 0 && len < 256)
          memcpy(type == NFTA_SET_TABLE ? s->table : s->name, (char *)a + NLA_HDRLEN, len);
      }
      (*found)++;
    }
  }
  return count;
}

/** "nftelems": the sets listed once, then the best of `rounds` rounds of one element dump per set. */
static int nft_elements(int rounds, char *buf, size_t size) {
  enum { MAX_SETS = 1 << 16 };
  static struct set_ref sets[MAX_SETS];
  static char request[1024];
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
  if (fd < 0) { perror("socket"); return 1; }
  struct nlmsghdr *req = (struct nlmsghdr *)request;
  memset(request, 0, sizeof request);
  req->nlmsg_len = NLMSG_LENGTH(sizeof(struct nfgenmsg));
  req->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETSET;
  req->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  int found = 0;
  dump(fd, req, buf, size, sets, MAX_SETS, &found);
  long long best = -1, best_cpu = 0, messages = 0;
  for (int round = 0; round < rounds; round++) {
    long long start = now_ns(), start_cpu = cpu_ns(), count = 0;
    for (int i = 0; i < found; i++) {
      memset(request, 0, sizeof request);
      req->nlmsg_len = NLMSG_LENGTH(sizeof(struct nfgenmsg));
      req->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETSETELEM;
      req->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
      req->nlmsg_seq = i + 1;
      ((struct nfgenmsg *)NLMSG_DATA(req))->nfgen_family = sets[i].family;
      put_string(req, NFTA_SET_ELEM_LIST_TABLE, sets[i].table);
      put_string(req, NFTA_SET_ELEM_LIST_SET, sets[i].name);
      count += dump(fd, req, buf, size, NULL, 0, NULL);
    }
    long long elapsed = now_ns() - start, cpu = cpu_ns() - start_cpu;
    if (best < 0 || elapsed < best) best = elapsed, best_cpu = cpu;
    messages = count;
  }
  close(fd);
  printf("%lld %lld %lld\n", messages, best, best_cpu);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && argv[1][0]) {
    int ns = open(argv[1], O_RDONLY | O_CLOEXEC);
    if (ns < 0 || setns(ns, CLONE_NEWNET) < 0) { perror("setns"); return 1; }
    close(ns);
  }
  int rounds = argc > 2 ? atoi(argv[2]) : 5;
  static char buf[1 << 20];
  if (argc > 3 && strcmp(argv[3], "nftelems") == 0) return nft_elements(rounds, buf, sizeof buf);
  int conntrack = argc > 3 && strcmp(argv[3], "conntrack") == 0;
  int nftrules = argc > 3 && strcmp(argv[3], "nftrules") == 0;
  int tcfilter = argc > 4 && strcmp(argv[3], "tcfilter") == 0;
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
