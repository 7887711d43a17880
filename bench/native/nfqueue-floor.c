// The C side of bench/src/nfqueue.ts: a libnetfilter_queue consumer that accepts every packet, one
// verdict per packet (nfq_set_verdict), as programs built on that library do. Usage:
//   nfqueue-floor QUEUE COUNT RANGE
// Binds QUEUE (copy mode packet, RANGE bytes, room for COUNT packets, a 256 MiB receive buffer), prints
// "ready", waits for a line on stdin (meanwhile the benchmark queues the packets), then reads and accepts
// until COUNT packets had their verdict, and prints the nanoseconds that took.
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

static unsigned long verdicts;

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int on_packet(struct nfq_q_handle *queue, struct nfgenmsg *message, struct nfq_data *data, void *context) {
  (void)message;
  (void)context;
  struct nfqnl_msg_packet_hdr *header = nfq_get_msg_packet_hdr(data);
  if (header == NULL) return 0;
  unsigned char *payload;
  // Read as a consumer would before deciding (the linx side decodes the packet too).
  if (nfq_get_payload(data, &payload) < 0) return 0;
  verdicts++;
  return nfq_set_verdict(queue, ntohl(header->packet_id), NF_ACCEPT, 0, NULL);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s QUEUE COUNT RANGE\n", argv[0]);
    return 2;
  }
  unsigned queue_number = (unsigned)atoi(argv[1]);
  unsigned long count = strtoul(argv[2], NULL, 10);
  unsigned range = (unsigned)atoi(argv[3]);
  struct nfq_handle *handle = nfq_open();
  if (handle == NULL) {
    perror("nfq_open");
    return 1;
  }
  struct nfq_q_handle *queue = nfq_create_queue(handle, queue_number, on_packet, NULL);
  if (queue == NULL) {
    perror("nfq_create_queue");
    return 1;
  }
  if (nfq_set_mode(queue, NFQNL_COPY_PACKET, range) < 0 || nfq_set_queue_maxlen(queue, (uint32_t)count + 1024) < 0) {
    perror("nfq_set_mode/maxlen");
    return 1;
  }
  int fd = nfq_fd(handle);
  int size = 256 << 20;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0) perror("SO_RCVBUFFORCE");
  printf("ready\n");
  fflush(stdout);
  char line[16];
  if (fgets(line, sizeof line, stdin) == NULL) return 1;
  static char buffer[1 << 16] __attribute__((aligned(8)));
  long long start = now_ns();
  while (verdicts < count) {
    ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n < 0) {
      if (errno == ENOBUFS || errno == EINTR) continue;
      perror("recv");
      return 1;
    }
    nfq_handle_packet(handle, buffer, (int)n);
  }
  long long elapsed = now_ns() - start;
  printf("%lld\n", elapsed);
  nfq_destroy_queue(queue);
  nfq_close(handle);
  return 0;
}
