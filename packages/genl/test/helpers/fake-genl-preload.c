/*
 * LD_PRELOAD shim: a generic netlink "kernel" inside the process, for running a tool (wg, iw) against a
 * family this kernel does not have. Sockets of AF_NETLINK/NETLINK_GENERIC become a fake fd (an eventfd);
 * what the tool sends on them is appended, one message per line in hex, to $LINX_FAKE_GENL_LOG; nlctrl's
 * CTRL_CMD_GETFAMILY for $LINX_FAKE_GENL_FAMILY is answered with id $LINX_FAKE_GENL_ID (other names:
 * ENOENT); a dump to that id is answered with the messages in $LINX_FAKE_GENL_REPLIES (raw netlink
 * messages, their seq and pid rewritten to the request's) then NLMSG_DONE; a request to it that is not a
 * dump with the messages of $LINX_FAKE_GENL_DO_REPLIES whose genetlink command is the request's, then an
 * ACK; anything else with an ACK.
 * Other sockets are left alone. Written for linx's tests; it knows only what those tools do.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdarg.h>
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
/* Datagrams waiting to be received: their offsets and lengths in `queue`. */
static size_t dgram_off[4096], dgram_len[4096];
static int dgram_head, dgram_tail;
static size_t queue_used;

static int is_fake(int fd) {
  for (int i = 0; i < n_fake; i++)
    if (fake_fds[i] == fd) return 1;
  return 0;
}

static unsigned char *push_dgram(size_t len) {
  if (queue_used + len > QUEUE_BYTES || dgram_tail >= 4096) abort();
  dgram_off[dgram_tail] = queue_used;
  dgram_len[dgram_tail] = len;
  dgram_tail++;
  queue_used += len;
  return queue + queue_used - len;
}

static void put_attr(unsigned char *p, size_t *off, uint16_t type, const void *data, uint16_t len) {
  struct nlattr *a = (struct nlattr *)(p + *off);
  a->nla_len = NLA_HDRLEN + len;
  a->nla_type = type;
  memcpy(p + *off + NLA_HDRLEN, data, len);
  memset(p + *off + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
  *off += NLA_HDRLEN + NLA_ALIGN(len);
}

static void reply_ack(const struct nlmsghdr *req, int error) {
  size_t len = NLMSG_LENGTH(sizeof(struct nlmsgerr));
  unsigned char *p = push_dgram(len);
  struct nlmsghdr *h = (struct nlmsghdr *)p;
  h->nlmsg_len = len;
  h->nlmsg_type = NLMSG_ERROR;
  h->nlmsg_flags = NLM_F_CAPPED;
  h->nlmsg_seq = req->nlmsg_seq;
  h->nlmsg_pid = 4242;
  struct nlmsgerr *e = NLMSG_DATA(h);
  e->error = error;
  e->msg = *req;
}

static void reply_family(const struct nlmsghdr *req, const char *name, uint16_t id) {
  unsigned char buf[256];
  size_t off = NLMSG_HDRLEN;
  struct genlmsghdr g = { CTRL_CMD_NEWFAMILY, 2, 0 };
  memcpy(buf + off, &g, sizeof g);
  off += GENL_HDRLEN;
  put_attr(buf, &off, CTRL_ATTR_FAMILY_NAME, name, strlen(name) + 1);
  put_attr(buf, &off, CTRL_ATTR_FAMILY_ID, &id, 2);
  uint32_t one = 1, zero = 0, maxattr = 300;
  put_attr(buf, &off, CTRL_ATTR_VERSION, &one, 4);
  put_attr(buf, &off, CTRL_ATTR_HDRSIZE, &zero, 4);
  put_attr(buf, &off, CTRL_ATTR_MAXATTR, &maxattr, 4);
  struct nlmsghdr *h = (struct nlmsghdr *)buf;
  h->nlmsg_len = off;
  h->nlmsg_type = GENL_ID_CTRL;
  h->nlmsg_flags = 0;
  h->nlmsg_seq = req->nlmsg_seq;
  h->nlmsg_pid = 4242;
  memcpy(push_dgram(off), buf, off);
}

static void reply_dump(const struct nlmsghdr *req) {
  const char *path = getenv("LINX_FAKE_GENL_REPLIES");
  FILE *f = path ? fopen(path, "rb") : NULL;
  if (f) {
    static unsigned char data[QUEUE_BYTES / 2];
    size_t n = fread(data, 1, sizeof data, f);
    fclose(f);
    for (size_t off = 0; off + NLMSG_HDRLEN <= n;) {
      struct nlmsghdr *h = (struct nlmsghdr *)(data + off);
      h->nlmsg_seq = req->nlmsg_seq;
      h->nlmsg_pid = 4242;
      h->nlmsg_flags |= NLM_F_MULTI;
      memcpy(push_dgram(h->nlmsg_len), h, h->nlmsg_len);
      off += NLMSG_ALIGN(h->nlmsg_len);
    }
  }
  size_t len = NLMSG_LENGTH(sizeof(int));
  unsigned char *p = push_dgram(len);
  struct nlmsghdr *h = (struct nlmsghdr *)p;
  h->nlmsg_len = len;
  h->nlmsg_type = NLMSG_DONE;
  h->nlmsg_flags = NLM_F_MULTI;
  h->nlmsg_seq = req->nlmsg_seq;
  h->nlmsg_pid = 4242;
  *(int *)NLMSG_DATA(h) = 0;
}

/* The messages of $LINX_FAKE_GENL_DO_REPLIES answering `req` (same genetlink command), seq and pid rewritten. */
static void reply_do(const struct nlmsghdr *req) {
  const char *path = getenv("LINX_FAKE_GENL_DO_REPLIES");
  FILE *f = path ? fopen(path, "rb") : NULL;
  if (!f) return;
  static unsigned char data[1 << 16];
  size_t n = fread(data, 1, sizeof data, f);
  fclose(f);
  const struct genlmsghdr *rg = NLMSG_DATA(req);
  for (size_t off = 0; off + NLMSG_HDRLEN + GENL_HDRLEN <= n;) {
    struct nlmsghdr *h = (struct nlmsghdr *)(data + off);
    const struct genlmsghdr *g = NLMSG_DATA(h);
    if (g->cmd == rg->cmd) {
      h->nlmsg_seq = req->nlmsg_seq;
      h->nlmsg_pid = 4242;
      memcpy(push_dgram(h->nlmsg_len), h, h->nlmsg_len);
    }
    off += NLMSG_ALIGN(h->nlmsg_len);
  }
}

static void log_message(const struct nlmsghdr *h) {
  const char *path = getenv("LINX_FAKE_GENL_LOG");
  if (!path) return;
  FILE *f = fopen(path, "a");
  if (!f) return;
  const unsigned char *p = (const unsigned char *)h;
  for (uint32_t i = 0; i < h->nlmsg_len; i++) fprintf(f, "%02x", p[i]);
  fputc('\n', f);
  fclose(f);
}

static void handle(const void *buf, size_t len) {
  const char *family = getenv("LINX_FAKE_GENL_FAMILY");
  uint16_t id = (uint16_t)atoi(getenv("LINX_FAKE_GENL_ID") ? getenv("LINX_FAKE_GENL_ID") : "0");
  for (const struct nlmsghdr *h = buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
    log_message(h);
    if (h->nlmsg_type == GENL_ID_CTRL) {
      const struct genlmsghdr *g = NLMSG_DATA(h);
      const char *name = NULL;
      int alen = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
      for (const struct nlattr *a = (const void *)((const char *)g + GENL_HDRLEN); alen >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= alen;
           alen -= NLA_ALIGN(a->nla_len), a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len)))
        if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_NAME) name = (const char *)a + NLA_HDRLEN;
      if (g->cmd == CTRL_CMD_GETFAMILY && name && family && strcmp(name, family) == 0) {
        reply_family(h, family, id);
        if (h->nlmsg_flags & NLM_F_ACK) reply_ack(h, 0);
      } else {
        reply_ack(h, -ENOENT);
      }
    } else if (h->nlmsg_flags & NLM_F_DUMP) {
      reply_dump(h);
    } else {
      reply_do(h);
      reply_ack(h, 0);
    }
  }
}

#define REAL(name, ret, ...) \
  static ret (*real_##name)(__VA_ARGS__); \
  if (!real_##name) real_##name = dlsym(RTLD_NEXT, #name)

int socket(int domain, int type, int protocol) {
  REAL(socket, int, int, int, int);
  if (domain == AF_NETLINK && protocol == NETLINK_GENERIC && n_fake < MAX_FDS) {
    int fd = eventfd(0, 0);
    fake_fds[n_fake++] = fd;
    return fd;
  }
  return real_socket(domain, type, protocol);
}

int bind(int fd, const struct sockaddr *addr, socklen_t len) {
  REAL(bind, int, int, const struct sockaddr *, socklen_t);
  return is_fake(fd) ? 0 : real_bind(fd, addr, len);
}

int connect(int fd, const struct sockaddr *addr, socklen_t len) {
  REAL(connect, int, int, const struct sockaddr *, socklen_t);
  return is_fake(fd) ? 0 : real_connect(fd, addr, len);
}

int setsockopt(int fd, int level, int name, const void *value, socklen_t len) {
  REAL(setsockopt, int, int, int, int, const void *, socklen_t);
  return is_fake(fd) ? 0 : real_setsockopt(fd, level, name, value, len);
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
  handle(buf, len);
  return len;
}

ssize_t send(int fd, const void *buf, size_t len, int flags) {
  REAL(send, ssize_t, int, const void *, size_t, int);
  if (!is_fake(fd)) return real_send(fd, buf, len, flags);
  handle(buf, len);
  return len;
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags) {
  REAL(sendmsg, ssize_t, int, const struct msghdr *, int);
  if (!is_fake(fd)) return real_sendmsg(fd, msg, flags);
  static unsigned char buf[1 << 20];
  size_t len = 0;
  for (size_t i = 0; i < msg->msg_iovlen; i++) {
    memcpy(buf + len, msg->msg_iov[i].iov_base, msg->msg_iov[i].iov_len);
    len += msg->msg_iov[i].iov_len;
  }
  handle(buf, len);
  return len;
}

/* One datagram, or with MSG_PEEK a look at it (libnl peeks to size its buffer); MSG_TRUNC returns its full length. */
static ssize_t take(void *buf, size_t len, int flags, struct sockaddr *addr, socklen_t *alen, int *trunc) {
  if (dgram_head == dgram_tail) {
    errno = EAGAIN;
    return -1;
  }
  size_t n = dgram_len[dgram_head];
  memcpy(buf, queue + dgram_off[dgram_head], n < len ? n : len);
  if (trunc) *trunc = n > len;
  if (!(flags & MSG_PEEK)) dgram_head++;
  if (dgram_head == dgram_tail) dgram_head = dgram_tail = 0, queue_used = 0;
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
  return take(buf, len, flags, addr, alen, NULL);
}

ssize_t recv(int fd, void *buf, size_t len, int flags) {
  REAL(recv, ssize_t, int, void *, size_t, int);
  if (!is_fake(fd)) return real_recv(fd, buf, len, flags);
  return take(buf, len, flags, NULL, NULL, NULL);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags) {
  REAL(recvmsg, ssize_t, int, struct msghdr *, int);
  if (!is_fake(fd)) return real_recvmsg(fd, msg, flags);
  int trunc = 0;
  ssize_t n = take(msg->msg_iov[0].iov_base, msg->msg_iov[0].iov_len, flags, msg->msg_name, &msg->msg_namelen, &trunc);
  msg->msg_flags = trunc ? MSG_TRUNC : 0;
  msg->msg_controllen = 0;
  return n;
}
