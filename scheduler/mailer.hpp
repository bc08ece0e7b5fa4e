// Sends job mail through the machine's sendmail (config `mailer`, default /usr/sbin/sendmail),
// the way a daemon on the scheduler's thread must: the program is started directly (no shell)
// with `-t`, a fixed environment and its output discarded; the message goes down a pipe in one
// non-blocking write; the child is reaped by a timer, and killed after kMailSeconds. Nothing here
// waits, so a slow or missing mail system never delays scheduling. A missing program is no
// mail, said once in the log.
#pragma once

#include <string>

#include <boost/asio/io_context.hpp>

#include "job_mail.hpp"

namespace bramble::scheduler {

class Mailer {
  public:
    static constexpr int kMailSeconds = 60;  // Grid Engine's own bound on a mailer

    Mailer(boost::asio::io_context& io, std::string program);
    void send(const Mail& mail);

  private:
    void reap(int pid, int polls_left);

    boost::asio::io_context& io_;
    std::string program_;
    bool said_missing_ = false;
};

}  // namespace bramble::scheduler
