// Grid Engine's names of job attributes in qalter's answers (see alter_words.hpp).
#include "alter_words.hpp"

#include <map>

namespace bramble::scheduler {

std::string altered_attribute(const std::string& option) {
    static const std::map<std::string, std::string> kNames = {
        {"-N", "job name"},
        {"-p", "priority"},
        {"-l", "hard resource list"},
        {"-q", "hard queue list"},
        {"-pe", "parallel environment"},
        {"-h", "hold"},
        {"-hold_jid", "job dependencies"},
        {"-hold_jid_ad", "array job dependencies"},
        {"-o", "output path"},
        {"-e", "error path"},
        {"-j", "merge of output and error"},
        {"-wd", "working directory"},
        {"-cwd", "working directory"},
        {"-A", "account"},
        {"-P", "project"},
        {"-v", "environment"},
        {"-S", "shell"},
        {"-m", "mail options"},
        {"-M", "mail list"},
        {"-r", "restart behaviour"},
        {"-notify", "notify behaviour"}};
    const auto it = kNames.find(option);
    return it == kNames.end() ? "attribute " + option : it->second;
}

std::string altered_line(const std::string& option, const std::string& id, const std::string& who,
                         int priority) {
    if (option == "-p") {
        return who + " sets scheduling priority of job " + id + " to " + std::to_string(priority);
    }
    return "modified " + altered_attribute(option) + " of job " + id;
}

}  // namespace bramble::scheduler
