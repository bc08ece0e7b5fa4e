#include "finished_records.hpp"

#include "call_retry.hpp"

namespace bramble::tools {

Result<std::map<int, wire::AccountingRecord>> finished_records(const std::string& job,
                                                               const std::string& tool,
                                                               const std::string& socket) {
    std::map<int, wire::AccountingRecord> records;
    wire::AccountingRequest request;
    request.job = job;
    do {
        auto page = ask<wire::AccountingReply>(request, tool, socket);
        if (!page) return page.error();
        for (const auto& record : page->records)
            records[record.task] = record;
        request.after = page->next;
    } while (request.after != 0);
    return records;
}

}  // namespace bramble::tools
