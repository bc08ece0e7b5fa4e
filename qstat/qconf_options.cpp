#include "qconf_options.hpp"

#include <array>
#include <string_view>

namespace bramble::qstat {
namespace {

struct ShowOption {
    std::string_view flag;
    QconfShow show;
    enum { None, Optional, Required } argument;
};

constexpr std::array<ShowOption, 12> kShowOptions{{
    {"-help", QconfShow::Help, ShowOption::None},
    {"-sq", QconfShow::Queue, ShowOption::Optional},
    {"-sql", QconfShow::QueueList, ShowOption::None},
    {"-sp", QconfShow::Pe, ShowOption::Required},
    {"-spl", QconfShow::PeList, ShowOption::None},
    {"-sel", QconfShow::ExecHostList, ShowOption::None},
    {"-se", QconfShow::ExecHost, ShowOption::Required},
    {"-sh", QconfShow::AdminHosts, ShowOption::None},
    {"-ss", QconfShow::SubmitHosts, ShowOption::None},
    {"-sc", QconfShow::Complexes, ShowOption::None},
    {"-sm", QconfShow::Managers, ShowOption::None},
    {"-so", QconfShow::Operators, ShowOption::None},
}};

bool changes_something(std::string_view flag) {
    return flag.size() > 2 && flag[0] == '-' &&
           (flag[1] == 'a' || flag[1] == 'm' || flag[1] == 'd' || flag[1] == 'A' ||
            flag[1] == 'M' || flag[1] == 'D' || flag[1] == 'r' || flag[1] == 'p');
}

}  // namespace

Result<QconfOptions> parse_qconf_args(const std::vector<std::string>& args) {
    if (args.empty()) return QconfOptions{};
    const std::string& flag = args.front();
    for (const auto& option : kShowOptions) {
        if (option.flag != flag) continue;
        QconfOptions parsed{option.show, ""};
        const std::size_t most = option.argument == ShowOption::None ? 1 : 2;
        if (option.argument == ShowOption::Required && args.size() < 2)
            return make_error("error: no option argument provided to \"" + flag + "\"");
        if (args.size() > most)
            return make_error("error: invalid option argument \"" + args[most] + "\"");
        if (args.size() == 2) parsed.name = args[1];
        return parsed;
    }
    if (changes_something(flag)) {
        return make_error("error: qconf " + flag +
                          " is not supported: bramble's configuration is the cluster config "
                          "file (/etc/bramble/cluster.yaml); edit it and send the scheduler "
                          "SIGHUP (kill -HUP) to make the change take effect");
    }
    return make_error("error: invalid option argument \"" + flag + "\"");
}

std::string qconf_usage() {
    return "usage: qconf [options]\n"
           "   [-help]                                  print this help\n"
           "   [-sc]                                    show complex attributes\n"
           "   [-se hostname]                           show given exec host\n"
           "   [-sel]                                   show a list of all exec servers\n"
           "   [-sh]                                    show a list of all administrative hosts\n"
           "   [-sm]                                    show a list of all managers\n"
           "   [-so]                                    show a list of all operators\n"
           "   [-sp pe-name]                            show a parallel environment\n"
           "   [-spl]                                   show all parallel environments\n"
           "   [-sq [destin_id_list]]                   show the given queue\n"
           "   [-sql]                                   show a list of all queues\n"
           "   [-ss]                                    show a list of all submit hosts\n"
           "Changes: edit the cluster config file and send the scheduler SIGHUP.\n";
}

}  // namespace bramble::qstat
