// Benchmark runner; scripts/bench drives it. Workloads are added with their issues.
print("MoonwireBench: no workload wired yet")
