// bramble-sim: plays a synthetic workload through the real planner in virtual time and prints
// per-user shares, waits, utilisation and the longest wait of a wide job.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "report.hpp"
#include "simulator.hpp"
#include "workload.hpp"

int main(int argc, char** argv) {
    using namespace bramble::sim;
    CLI::App app{"Play a synthetic workload through bramble's planner in virtual time."};
    SimCluster cluster;
    WorkloadSpec spec;
    SimOptions options;
    bool no_backfill = false;
    app.add_option("--nodes", cluster.nodes, "simulated nodes")->capture_default_str();
    app.add_option("--cores", cluster.cores, "cores per node")->capture_default_str();
    app.add_option("--jobs", spec.jobs, "jobs in the workload")->capture_default_str();
    app.add_option("--users", spec.users, "user names")->capture_default_str();
    app.add_option("--user-weights", spec.user_weights, "relative number of jobs per user");
    app.add_option("--interarrival", spec.mean_interarrival, "mean seconds between submissions")
        ->capture_default_str();
    app.add_option("--wide-fraction", spec.wide_fraction, "share of jobs asking for a whole node")
        ->capture_default_str();
    app.add_option("--max-walltime", spec.max_walltime, "seconds")->capture_default_str();
    app.add_option("--seed", spec.seed, "random seed")->capture_default_str();
    app.add_option("--fair-share-weight", options.policy.weight_fair_share)->capture_default_str();
    app.add_option("--half-life", options.half_life, "seconds")->capture_default_str();
    app.add_option("--reservations", options.policy.max_reservations)->capture_default_str();
    app.add_flag("--no-backfill", no_backfill, "nothing starts ahead of a blocked job");
    CLI11_PARSE(app, argc, argv);
    spec.max_slots = cluster.cores;
    options.policy.backfill = !no_backfill;

    const SimResult result = simulate(cluster, random_workload(spec), options);
    std::fputs(format_summary(summarise(result, cluster.cores), result).c_str(), stdout);
    return result.stuck ? 1 : 0;
}
