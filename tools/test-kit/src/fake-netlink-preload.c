/*
 * LD_PRELOAD shim: a netlink "kernel" inside the process, for running a tool (nft, tc) against what this
 * kernel lacks (flowtables, the queue expression, qdisc kinds): its sockets of AF_NETLINK and protocol
 * $LINX_FAKE_NETLINK_PROTOCOL (12: NETLINK_NETFILTER, 0: NETLINK_ROUTE) become a fake fd (an eventfd,
 * readable while answers wait); what the tool sends on them is appended, one message per line in hex, to
 * $LINX_FAKE_NETLINK_LOG. A dump (NLM_F_DUMP) is answered with the messages of $LINX_FAKE_NETLINK_REPLIES
 * (raw netlink messages) of the type that answers it (nfnetlink: NFT_MSG_GETx - 1 = NFT_MSG_NEWx, same
 * subsystem; rtnetlink: RTM_GETx - 2 = RTM_NEWx; 16, generic netlink: the request's own type, the family
 * id, and nothing else compared), of the request's family unless it asks for AF_UNSPEC;
 * for nfnetlink, with the request's attributes 1 and 2 (the table and the set or chain a listing is
 * filtered by) where it has them; for rtnetlink, of the request's interface (the ifindex at offset 4 of
 * ifinfomsg and tcmsg) unless it asks for 0; then NLMSG_DONE. Any other request is answered with those
 * messages (nft's GETGEN: the NEWGEN) and an ACK if asked. Their seq and pid are rewritten to the
 * request's. Generic netlink can also have a family of its own: with $LINX_FAKE_NETLINK_GENL_FAMILY
 * ("name:id"), nlctrl's CTRL_CMD_GETFAMILY for that name is answered with that id (other names: ENOENT),
 * and with $LINX_FAKE_NETLINK_DO_REPLIES, a request that is not a dump is answered with the messages of
 * that file of its own genetlink command, then an ACK if asked. Other sockets are left alone. Written for
 * linx's tests; it knows only what those tools do.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FDS 16
#define QUEUE_BYTES (1 << 22)

static int fake_fds[MAX_FDS];
static int n_fake;
static unsigned char queue[QUEUE_BYTES];
static size_t dgram_off[4096], dgram_len[4096];
static int dgram_head, dgram_tail;
static size_t queue_used;
/* The fd answers are queued for: made readable (eventfd count 1) while any wait, for nft's select(). */
static int answering_fd = -1;

static int is_fake(int fd) {
  for (int i = 0; i < n_fake; i++)
    if (fake_fds[i] == fd) return 1;
  return 0;
}

static unsigned char *push_dgram(size_t len) {
  if (queue_used + len > QUEUE_BYTES || dgram_tail >= 4096) abort();
  if (dgram_head == dgram_tail && answering_fd >= 0) eventfd_write(answering_fd, 1);
  dgram_off[dgram_tail] = queue_used;
  dgram_len[dgram_tail] = len;
  dgram_tail++;
  queue_used += len;
  return queue + queue_used - len;
}

static void reply_header(struct nlmsghdr *h, const struct nlmsghdr *req, uint16_t type, uint16_t flags, uint32_t len) {
  h->nlmsg_len = len;
  h->nlmsg_type = type;
  h->nlmsg_flags = flags;
  h->nlmsg_seq = req->nlmsg_seq;
  h->nlmsg_pid = 4242;
}

static void reply_ack(const struct nlmsghdr *req, int error) {
  size_t len = NLMSG_LENGTH(sizeof(struct nlmsgerr));
  struct nlmsghdr *h = (struct nlmsghdr *)push_dgram(len);
  reply_header(h, req, NLMSG_ERROR, NLM_F_CAPPED, len);
  struct nlmsgerr *e = NLMSG_DATA(h);
  e->error = error;
  e->msg = *req;
}

/* The payload of attribute `type` of an nfnetlink message (after nfgenmsg), or NULL. */
static const struct nlattr *attr_of(const struct nlmsghdr *h, uint16_t type) {
  int len = h->nlmsg_len - NLMSG_LENGTH(sizeof(struct nfgenmsg));
  const struct nlattr *a = (const void *)((const char *)NLMSG_DATA(h) + NLMSG_ALIGN(sizeof(struct nfgenmsg)));
  for (; len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len; len -= NLA_ALIGN(a->nla_len), a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len)))
    if ((a->nla_type & NLA_TYPE_MASK) == type) return a;
  return NULL;
}

static int protocol(void) {
  const char *p = getenv("LINX_FAKE_NETLINK_PROTOCOL");
  return p ? atoi(p) : NETLINK_NETFILTER;
}

static int answers(const struct nlmsghdr *req, const struct nlmsghdr *m) {
  /* Generic netlink: a reply has its request's type, the family's id (GENL_ID_CTRL for nlctrl's). */
  if (protocol() == NETLINK_GENERIC) return m->nlmsg_type == req->nlmsg_type;
  int route = protocol() == NETLINK_ROUTE;
  if (m->nlmsg_type != req->nlmsg_type - (route ? 2 : 1)) return 0;
  const unsigned char *rq = NLMSG_DATA(req), *g = NLMSG_DATA(m);
  /* The family is the first byte of nfgenmsg, ifinfomsg and tcmsg alike. */
  if (rq[0] != AF_UNSPEC && rq[0] != g[0]) return 0;
  if (route) {
    int32_t want, have;
    if (req->nlmsg_len < NLMSG_LENGTH(8) || m->nlmsg_len < NLMSG_LENGTH(8)) return 1;
    memcpy(&want, rq + 4, 4);
    memcpy(&have, g + 4, 4);
    return want == 0 || want == have;
  }
  for (uint16_t type = 1; type <= 2; type++) {
    const struct nlattr *want = attr_of(req, type);
    if (!want || (want->nla_type & NLA_F_NESTED)) continue;
    const struct nlattr *have = attr_of(m, type);
    if (!have || have->nla_len != want->nla_len || memcmp(have, want, want->nla_len) != 0) return 0;
  }
  return 1;
}

static void reply_from_file(const struct nlmsghdr *req) {
  const char *path = getenv("LINX_FAKE_NETLINK_REPLIES");
  FILE *f = path ? fopen(path, "rb") : NULL;
  if (!f) return;
  static unsigned char data[QUEUE_BYTES / 2];
  size_t n = fread(data, 1, sizeof data, f);
  fclose(f);
  for (size_t off = 0; off + NLMSG_HDRLEN <= n;) {
    struct nlmsghdr *m = (struct nlmsghdr *)(data + off);
    if (answers(req, m)) {
      unsigned char *p = push_dgram(m->nlmsg_len);
      memcpy(p, m, m->nlmsg_len);
      reply_header((struct nlmsghdr *)p, req, m->nlmsg_type, (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP ? NLM_F_MULTI : 0, m->nlmsg_len);
    }
    off += NLMSG_ALIGN(m->nlmsg_len);
  }
}

/* An attribute of a generic netlink family's reply (after genlmsghdr), padded. */
static void put_attr(unsigned char *p, size_t *off, uint16_t type, const void *data, uint16_t len) {
  struct nlattr *a = (struct nlattr *)(p + *off);
  a->nla_len = NLA_HDRLEN + len;
  a->nla_type = type;
  memcpy(p + *off + NLA_HDRLEN, data, len);
  memset(p + *off + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
  *off += NLA_HDRLEN + NLA_ALIGN(len);
}

/*
 * nlctrl's answer to CTRL_CMD_GETFAMILY when it names the family of $LINX_FAKE_NETLINK_GENL_FAMILY
 * ("name:id"): that id, version 1, no fixed header, attributes up to 300; ENOENT for another name.
 * Returns 0 when that variable is unset (then the replies file answers nlctrl as any other family).
 */
static int reply_genl_family(const struct nlmsghdr *req) {
  const char *spec = getenv("LINX_FAKE_NETLINK_GENL_FAMILY");
  const char *colon = spec ? strchr(spec, ':') : NULL;
  if (!colon) return 0;
  const struct genlmsghdr *g = NLMSG_DATA(req);
  const char *name = NULL;
  int alen = req->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
  for (const struct nlattr *a = (const void *)((const char *)g + GENL_HDRLEN); alen >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= alen;
       alen -= NLA_ALIGN(a->nla_len), a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len)))
    if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_NAME) name = (const char *)a + NLA_HDRLEN;
  size_t name_len = colon - spec;
  if (g->cmd != CTRL_CMD_GETFAMILY || !name || strlen(name) != name_len || strncmp(name, spec, name_len) != 0) {
    reply_ack(req, -ENOENT);
    return 1;
  }
  unsigned char buf[256];
  size_t off = NLMSG_HDRLEN;
  struct genlmsghdr answer = { CTRL_CMD_NEWFAMILY, 2, 0 };
  memcpy(buf + off, &answer, sizeof answer);
  off += GENL_HDRLEN;
  char family[GENL_NAMSIZ] = { 0 };
  memcpy(family, spec, name_len < GENL_NAMSIZ - 1 ? name_len : GENL_NAMSIZ - 1);
  uint16_t id = (uint16_t)atoi(colon + 1);
  uint32_t one = 1, zero = 0, maxattr = 300;
  put_attr(buf, &off, CTRL_ATTR_FAMILY_NAME, family, strlen(family) + 1);
  put_attr(buf, &off, CTRL_ATTR_FAMILY_ID, &id, 2);
  put_attr(buf, &off, CTRL_ATTR_VERSION, &one, 4);
  put_attr(buf, &off, CTRL_ATTR_HDRSIZE, &zero, 4);
  put_attr(buf, &off, CTRL_ATTR_MAXATTR, &maxattr, 4);
  reply_header((struct nlmsghdr *)buf, req, GENL_ID_CTRL, 0, off);
  memcpy(push_dgram(off), buf, off);
  if (req->nlmsg_flags & NLM_F_ACK) reply_ack(req, 0);
  return 1;
}

/*
 * The messages of $LINX_FAKE_NETLINK_DO_REPLIES answering a generic netlink request that is not a dump:
 * those of its genetlink command. Returns 0 when that variable is unset.
 */
static int reply_genl_do(const struct nlmsghdr *req) {
  const char *path = getenv("LINX_FAKE_NETLINK_DO_REPLIES");
  if (!path) return 0;
  FILE *f = fopen(path, "rb");
  if (f) {
    static unsigned char data[1 << 16];
    size_t n = fread(data, 1, sizeof data, f);
    fclose(f);
    const struct genlmsghdr *rg = NLMSG_DATA(req);
    for (size_t off = 0; off + NLMSG_HDRLEN + GENL_HDRLEN <= n;) {
      const struct nlmsghdr *m = (const struct nlmsghdr *)(data + off);
      const struct genlmsghdr *g = NLMSG_DATA(m);
      if (g->cmd == rg->cmd) {
        unsigned char *p = push_dgram(m->nlmsg_len);
        memcpy(p, m, m->nlmsg_len);
        reply_header((struct nlmsghdr *)p, req, m->nlmsg_type, m->nlmsg_flags, m->nlmsg_len);
      }
      off += NLMSG_ALIGN(m->nlmsg_len);
    }
  }
  if (req->nlmsg_flags & NLM_F_ACK) reply_ack(req, 0);
  return 1;
}

static void log_message(const struct nlmsghdr *h) {
  const char *path = getenv("LINX_FAKE_NETLINK_LOG");
  FILE *f = path ? fopen(path, "a") : NULL;
  if (!f) return;
  const unsigned char *p = (const unsigned char *)h;
  for (uint32_t i = 0; i < h->nlmsg_len; i++) fprintf(f, "%02x", p[i]);
  fputc('\n', f);
  fclose(f);
}

static void handle(int fd, const void *buf, size_t len) {
  answering_fd = fd;
  for (const struct nlmsghdr *h = buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
    log_message(h);
    if (protocol() == NETLINK_NETFILTER && (h->nlmsg_type == NFNL_MSG_BATCH_BEGIN || h->nlmsg_type == NFNL_MSG_BATCH_END)) {
      if (h->nlmsg_flags & NLM_F_ACK) reply_ack(h, 0);
    } else if (protocol() == NETLINK_GENERIC && h->nlmsg_type == GENL_ID_CTRL && (h->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP && reply_genl_family(h)) {
    } else if (protocol() == NETLINK_GENERIC && (h->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP && reply_genl_do(h)) {
    } else if ((h->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP) {
      reply_from_file(h);
      size_t dlen = NLMSG_LENGTH(sizeof(int));
      struct nlmsghdr *d = (struct nlmsghdr *)push_dgram(dlen);
      reply_header(d, h, NLMSG_DONE, NLM_F_MULTI, dlen);
      *(int *)NLMSG_DATA(d) = 0;
    } else {
      reply_from_file(h);
      if (h->nlmsg_flags & NLM_F_ACK) reply_ack(h, 0);
    }
  }
}

#define REAL(name, ret, ...) \
  static ret (*real_##name)(__VA_ARGS__); \
  if (!real_##name) real_##name = dlsym(RTLD_NEXT, #name)

int socket(int domain, int type, int protocol) {
  REAL(socket, int, int, int, int);
  if (domain == AF_NETLINK && protocol == (getenv("LINX_FAKE_NETLINK_PROTOCOL") ? atoi(getenv("LINX_FAKE_NETLINK_PROTOCOL")) : NETLINK_NETFILTER) && n_fake < MAX_FDS) {
    int fd = eventfd(0, EFD_NONBLOCK);
    fake_fds[n_fake++] = fd;
    return fd;
  }
  return real_socket(domain, type, protocol);
}

int bind(int fd, const struct sockaddr *addr, socklen_t len) {
  REAL(bind, int, int, const struct sockaddr *, socklen_t);
  return is_fake(fd) ? 0 : real_bind(fd, addr, len);
}

int setsockopt(int fd, int level, int name, const void *value, socklen_t len) {
  REAL(setsockopt, int, int, int, int, const void *, socklen_t);
  return is_fake(fd) ? 0 : real_setsockopt(fd, level, name, value, len);
}

int getsockopt(int fd, int level, int name, void *value, socklen_t *len) {
  REAL(getsockopt, int, int, int, int, void *, socklen_t *);
  if (!is_fake(fd)) return real_getsockopt(fd, level, name, value, len);
  if (*len >= sizeof(int)) *(int *)value = 1 << 20;
  return 0;
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len) {
  REAL(getsockname, int, int, struct sockaddr *, socklen_t *);
  if (!is_fake(fd)) return real_getsockname(fd, addr, len);
  struct sockaddr_nl nl = { .nl_family = AF_NETLINK, .nl_pid = 4242 };
  memcpy(addr, &nl, *len < sizeof nl ? *len : sizeof nl);
  *len = sizeof nl;
  return 0;
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *addr, socklen_t alen) {
  REAL(sendto, ssize_t, int, const void *, size_t, int, const struct sockaddr *, socklen_t);
  if (!is_fake(fd)) return real_sendto(fd, buf, len, flags, addr, alen);
  handle(fd, buf, len);
  return len;
}

ssize_t send(int fd, const void *buf, size_t len, int flags) {
  REAL(send, ssize_t, int, const void *, size_t, int);
  if (!is_fake(fd)) return real_send(fd, buf, len, flags);
  handle(fd, buf, len);
  return len;
}

int connect(int fd, const struct sockaddr *addr, socklen_t len) {
  REAL(connect, int, int, const struct sockaddr *, socklen_t);
  return is_fake(fd) ? 0 : real_connect(fd, addr, len);
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags) {
  REAL(sendmsg, ssize_t, int, const struct msghdr *, int);
  if (!is_fake(fd)) return real_sendmsg(fd, msg, flags);
  static unsigned char buf[1 << 22];
  size_t len = 0;
  for (size_t i = 0; i < msg->msg_iovlen; i++) {
    memcpy(buf + len, msg->msg_iov[i].iov_base, msg->msg_iov[i].iov_len);
    len += msg->msg_iov[i].iov_len;
  }
  handle(fd, buf, len);
  return len;
}

static ssize_t take(int fd, void *buf, size_t len, int flags, struct sockaddr *addr, socklen_t *alen, int *trunc) {
  if (dgram_head == dgram_tail) {
    errno = EAGAIN;
    return -1;
  }
  size_t n = dgram_len[dgram_head];
  memcpy(buf, queue + dgram_off[dgram_head], n < len ? n : len);
  if (trunc) *trunc = n > len;
  if (!(flags & MSG_PEEK)) dgram_head++;
  if (dgram_head == dgram_tail) {
    eventfd_t drained;
    dgram_head = dgram_tail = 0, queue_used = 0;
    eventfd_read(fd, &drained);
  }
  if (addr && alen) {
    struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
    memcpy(addr, &nl, *alen < sizeof nl ? *alen : sizeof nl);
    *alen = sizeof nl;
  }
  return (flags & MSG_TRUNC) || n < len ? n : len;
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *addr, socklen_t *alen) {
  REAL(recvfrom, ssize_t, int, void *, size_t, int, struct sockaddr *, socklen_t *);
  if (!is_fake(fd)) return real_recvfrom(fd, buf, len, flags, addr, alen);
  return take(fd, buf, len, flags, addr, alen, NULL);
}

ssize_t recv(int fd, void *buf, size_t len, int flags) {
  REAL(recv, ssize_t, int, void *, size_t, int);
  if (!is_fake(fd)) return real_recv(fd, buf, len, flags);
  return take(fd, buf, len, flags, NULL, NULL, NULL);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags) {
  REAL(recvmsg, ssize_t, int, struct msghdr *, int);
  if (!is_fake(fd)) return real_recvmsg(fd, msg, flags);
  int trunc = 0;
  ssize_t n = take(fd, msg->msg_iov[0].iov_base, msg->msg_iov[0].iov_len, flags, msg->msg_name, &msg->msg_namelen, &trunc);
  msg->msg_flags = trunc ? MSG_TRUNC : 0;
  msg->msg_controllen = 0;
  return n;
}
