// Parsing qstat's and qhost's command lines.
#include "options.hpp"

#include <algorithm>
#include <set>

#include "text.hpp"

namespace bramble::qstat {

namespace {

// Options of Grid Engine's qstat that only add columns or detail bramble does not have; accepted
// so that scripts passing them still get the standard listing.
const std::set<std::string> kIgnoredFlags = {"-t", "-ne", "-urg"};

Error invalid(const std::string& arg) {
    return make_error("ERROR! invalid option argument \"" + arg + "\"");
}

// The argument after option i, or nothing when the option ends the line or the next word is an
// option itself.
const std::string* value_after(const std::vector<std::string>& args, std::size_t& i) {
    if (i + 1 >= args.size() || args[i + 1].starts_with("-")) return nullptr;
    return &args[++i];
}

Status add_users(const std::string& list, const std::string& me, QstatOptions& options) {
    for (auto& user : split(list, ','))
        options.users.push_back(user == "$user" ? me : user);
    return ok_status();
}

Status take_states(const std::string& letters, QstatOptions& options) {
    const bool known = !letters.empty() && std::all_of(letters.begin(), letters.end(), [](char c) {
        return std::string_view("prszhauosdj").find(c) != std::string_view::npos;
    });
    if (!known) return invalid("-s " + letters);
    options.states = letters;
    return ok_status();
}

Status take_option(const std::vector<std::string>& args, std::size_t& i, const std::string& me,
                   QstatOptions& options) {
    const std::string& arg = args[i];
    if (arg == "-help") {
        options.help = true;
    } else if (arg == "-f") {
        options.full = true;
    } else if (arg == "-xml") {
        options.xml = true;
    } else if (arg == "-pri") {
        options.priorities = true;
    } else if (kIgnoredFlags.count(arg)) {
        return ok_status();
    } else if (arg == "-ext") {
        options.extended = true;
    } else if (arg == "-r") {
        options.requests = true;
    } else if (arg == "-g") {
        const std::string* value = value_after(args, i);
        if (value == nullptr) return make_error("ERROR! -g option must have argument");
        if (*value != "c") return invalid("-g " + *value);
        options.cluster_queues = true;
    } else if (arg == "-F") {
        options.full = true;
        options.resources = true;
        value_after(args, i);  // the resource list: every node's memory is shown anyway
    } else if (arg == "-j" || arg == "-u" || arg == "-s" || arg == "-q") {
        const std::string* value = value_after(args, i);
        if (value == nullptr) return make_error("ERROR! " + arg + " option must have argument");
        if (arg == "-j") options.jobs = split(*value, ',');
        if (arg == "-u") return add_users(*value, me, options);
        if (arg == "-s") return take_states(*value, options);
        if (arg == "-q") {
            for (auto& queue : split(*value, ','))
                options.queues.push_back(queue);
        }
    } else {
        return invalid(arg);
    }
    return ok_status();
}

}  // namespace

Result<QstatOptions> parse_qstat_args(const std::vector<std::string>& args, const std::string& me) {
    QstatOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        auto status = take_option(args, i, me, options);
        if (!status) return status.error();
    }
    return options;
}

Result<QhostOptions> parse_qhost_args(const std::vector<std::string>& args) {
    QhostOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "-help") {
            options.help = true;
        } else if (arg == "-xml") {
            options.xml = true;
        } else if (arg == "-q") {
            options.hosts.queues = true;
        } else if (arg == "-ncb") {
            options.hosts.topology = false;
        } else if (arg == "-F") {
            options.hosts.resources = true;
            if (i + 1 < args.size() && !args[i + 1].starts_with('-'))
                options.hosts.resources_named = split(args[++i], ',');
        } else if (arg == "-h") {
            const std::string* value = value_after(args, i);
            if (value == nullptr) return make_error("ERROR! -h option must have argument");
            options.only = split(*value, ',');
        } else {
            return invalid(arg);
        }
    }
    return options;
}

std::string qstat_usage() {
    return "usage: qstat [options]\n"
           "        [-ext]                            view additional attributes\n"
           "        [-f]                              full output\n"
           "        [-g c]                            display cluster queue summary\n"
           "        [-F [resource_attributes]]        full output and show (selected) resources of "
           "queue(s)\n"
           "        [-help]                           print this help\n"
           "        [-j job_identifier_list ]         show scheduler job information\n"
           "        [-q wc_queue_list]                print information on given queue\n"
           "        [-r]                              show requested resources of job(s)\n"
           "        [-s {p|r|s|z|hu|ho|hs|hj|ha|h|a}] show pending, running, suspended, zombie "
           "jobs,\n"
           "                                          jobs with a user/operator/system hold\n"
           "        [-u user_list]                    view only jobs of this user\n"
           "        [-xml]                            display the information in XML-Format\n"
           "\n"
           "job_identifier_list      [job_id|job_name]{, [job_id|job_name]}\n"
           "user_list                user[,user,...] ('*' for everybody)\n"
           "wc_queue_list            queue[@node][,queue[@node],...]\n";
}

std::string qhost_usage() {
    return "usage: qhost [options]\n"
           "   [-help]                    print this help\n"
           "   [-F [resource_attribute]]  full output and show (selected) resources\n"
           "   [-h hostlist]              display only selected hosts\n"
           "   [-ncb]                     suppress host topology based information\n"
           "   [-q]                       display queues hosted by host\n"
           "   [-xml]                     display the information in XML-Format\n";
}

}  // namespace bramble::qstat
