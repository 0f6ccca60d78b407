/* e2e peer: libcurl's own multi_socket API from C, driven by epoll and a timerfd (the hiperfifo pattern
 * without libevent), keeping CONCURRENCY transfers in flight and reusing easy handles.
 *   bench/.build/curl-multi URL TOTAL CONCURRENCY     prints one JSON line like the other peers
 *   bench/.build/curl-multi URL TOTAL CONCURRENCY --h2 [--cainfo FILE]
 *       the h2 rows: CURL_HTTP_VERSION_2TLS, CURLOPT_PIPEWAIT and CURLMOPT_PIPELINING = CURLPIPE_MULTIPLEX
 *       with CURLMOPT_MAX_CONCURRENT_STREAMS = 100 (libcurl's default, stated), so CONCURRENCY transfers
 *       share ceil(CONCURRENCY / 100) connections; every reply's CURLINFO_HTTP_VERSION is checked and
 *       the JSON line gains "otherProto" (replies that were not HTTP/2). --cainfo: CURLOPT_CAINFO.
 *       Without --h2 the peer does exactly what it did before these flags existed.
 *   bench/.build/curl-multi --version                 prints libcurl's version
 * Built by bench/e2e/run.ts: gcc -O2 -o bench/.build/curl-multi bench/e2e/peers/curl-multi.c -lcurl */

#include <curl/curl.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static int epfd;
static int tfd;
static CURLM *multi;
static long total, started, ok, failed;
static unsigned long long bytes;
/* The multi asked for a 0 ms timeout: serve it before sleeping again. */
static int due_now;
/* --h2: the multiplexing options are set and each reply's HTTP version is checked. */
static int h2;
static long other_proto;
/* --warmup N: the timed window opens when N transfers have finished (0: the whole run). */
static long warmup;
static double warm_at = -1;
static long warm_ok, warm_failed;
static unsigned long long warm_bytes;
static double now(void);

static size_t on_write(char *p, size_t size, size_t n, void *user) {
  (void)p;
  (void)user;
  bytes += size * n;
  return size * n;
}

/* CURLMOPT_SOCKETFUNCTION: mirror the wanted interest into epoll. */
static int on_socket(CURL *e, curl_socket_t s, int what, void *userp, void *sockp) {
  (void)e;
  (void)userp;
  (void)sockp;
  if (what == CURL_POLL_REMOVE) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, s, NULL);
    return 0;
  }
  struct epoll_event ev;
  memset(&ev, 0, sizeof ev);
  ev.data.fd = s;
  ev.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0);
  if (epoll_ctl(epfd, EPOLL_CTL_MOD, s, &ev) != 0 && errno == ENOENT)
    epoll_ctl(epfd, EPOLL_CTL_ADD, s, &ev);
  return 0;
}

/* CURLMOPT_TIMERFUNCTION: one timerfd for the multi's one timeout. */
static int on_timer(CURLM *m, long ms, void *userp) {
  (void)m;
  (void)userp;
  struct itimerspec its;
  memset(&its, 0, sizeof its);
  if (ms == 0) {
    due_now = 1;
  } else if (ms > 0) {
    its.it_value.tv_sec = ms / 1000;
    its.it_value.tv_nsec = (ms % 1000) * 1000000L;
  }
  /* -1 (and 0, served by due_now) disarms the timerfd. */
  timerfd_settime(tfd, 0, &its, NULL);
  return 0;
}

static void add_next(CURL *e) {
  if (started >= total) {
    curl_easy_cleanup(e);
    return;
  }
  started++;
  curl_multi_add_handle(multi, e);
}

/* Takes finished transfers and puts their handles straight back to work. */
static void collect(void) {
  int left;
  CURLMsg *msg;
  while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL *e = msg->easy_handle;
    long code = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
    if (msg->data.result == CURLE_OK && code == 200) {
      ok++;
      if (h2) {
        long version = 0;
        curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &version);
        if (version != CURL_HTTP_VERSION_2_0) other_proto++;
      }
    } else
      failed++;
    if (warmup > 0 && warm_at < 0 && ok + failed >= warmup) {
      warm_at = now();
      warm_ok = ok;
      warm_failed = failed;
      warm_bytes = bytes;
    }
    curl_multi_remove_handle(multi, e);
    add_next(e);
  }
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--version") == 0) {
    printf("%s\n", curl_version_info(CURLVERSION_NOW)->version);
    return 0;
  }
  if (argc < 4) {
    fprintf(stderr, "usage: curl-multi URL TOTAL CONCURRENCY [--h2] [--cainfo FILE] [--warmup N]\n");
    return 2;
  }
  const char *cainfo = NULL;
  for (int i = 4; i < argc; i++) {
    if (strcmp(argv[i], "--h2") == 0) h2 = 1;
    else if (strcmp(argv[i], "--cainfo") == 0 && i + 1 < argc) cainfo = argv[++i];
    else if (strcmp(argv[i], "--warmup") == 0 && i + 1 < argc) warmup = atol(argv[++i]);
    else {
      fprintf(stderr, "curl-multi: unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  const char *url = argv[1];
  total = atol(argv[2]);
  long conc = atol(argv[3]);
  if (conc > total) conc = total;

  /* Only when the soft limit is too small for CONCURRENCY sockets (it is 20,000 on the bench machine). */
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)conc + 64) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }

  curl_global_init(CURL_GLOBAL_DEFAULT);
  epfd = epoll_create1(EPOLL_CLOEXEC);
  tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  struct epoll_event tev;
  memset(&tev, 0, sizeof tev);
  tev.events = EPOLLIN;
  tev.data.fd = tfd;
  epoll_ctl(epfd, EPOLL_CTL_ADD, tfd, &tev);

  multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
  curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer);
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, conc);
  if (h2) {
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    curl_multi_setopt(multi, CURLMOPT_MAX_CONCURRENT_STREAMS, 100L);
  }

  double t0 = now();
  for (long i = 0; i < conc; i++) {
    CURL *e = curl_easy_init();
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    if (cainfo != NULL) curl_easy_setopt(e, CURLOPT_CAINFO, cainfo);
    if (h2) {
      curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
      /* Wait for a connection that can multiplex instead of opening one per transfer at the start. */
      curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    }
    add_next(e);
  }

  struct epoll_event evs[1024];
  int running = 0;
  while (ok + failed < total) {
    if (due_now) {
      due_now = 0;
      curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
      collect();
      /* The last transfers can end here (h2 streams finish in 0 ms timeouts): stop the clock now
       * rather than after the 5 s epoll_wait below. */
      if (ok + failed >= total) break;
    }
    int n = epoll_wait(epfd, evs, 1024, due_now ? 0 : 5000);
    if (n < 0) {
      if (errno == EINTR) continue;
      perror("epoll_wait");
      break;
    }
    /* Nothing for 5 s and nothing running: give up instead of hanging the bench. */
    if (n == 0 && !due_now && running == 0) break;
    for (int i = 0; i < n; i++) {
      int fd = evs[i].data.fd;
      if (fd == tfd) {
        uint64_t exp;
        if (read(tfd, &exp, sizeof exp) < 0) { /* spurious: nothing to read */
        }
        curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
      } else {
        uint32_t ev = evs[i].events;
        int flags = ((ev & EPOLLIN) ? CURL_CSELECT_IN : 0) | ((ev & EPOLLOUT) ? CURL_CSELECT_OUT : 0) |
                    ((ev & (EPOLLERR | EPOLLHUP)) ? CURL_CSELECT_ERR : 0);
        curl_multi_socket_action(multi, fd, flags, &running);
      }
    }
    collect();
  }
  double t_end = now();
  double secs = t_end - t0;

  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("{\"ok\":%ld,\"failed\":%ld,\"bytes\":%llu,\"secs\":%.6f,\"rss\":%ld,\"heap\":0,\"heapBase\":0",
         ok, failed, bytes, secs, ru.ru_maxrss * 1024L);
  if (h2) printf(",\"otherProto\":%ld", other_proto);
  if (warm_at >= 0)
    printf(",\"timed\":{\"ok\":%ld,\"failed\":%ld,\"bytes\":%llu,\"secs\":%.6f}", ok - warm_ok,
           failed - warm_failed, bytes - warm_bytes, t_end - warm_at);
  printf("}\n");
  fflush(stdout);
  _exit(0);
}
