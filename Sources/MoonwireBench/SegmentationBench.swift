import SMSCore

/// Times `Segmenter.segment` over a corpus, the Swift side of the segmentation benchmark.
enum SegmentationBench {
    /// Segments every message `iterations` times and reports the median pass.
    static func run(
        messages: [String], iterations: Int
    ) -> (secondsMedian: Double, messagesPerSecond: Double, megabytesPerSecond: Double) {
        let segmenter = Segmenter()
        let bytes = messages.reduce(0) { $0 + $1.utf8.count }
        let clock = ContinuousClock()
        var samples: [Double] = []
        var checksum = 0
        for _ in 0..<max(1, iterations) {
            let start = clock.now
            for message in messages {
                let result = segmenter.segment(message)
                // Touch every output so the optimizer cannot drop the work.
                checksum &+= result.segments &+ result.characters &+ result.parts.count &+ result.nonGSM.count
            }
            samples.append(seconds(start.duration(to: clock.now)))
        }
        sink(checksum)
        samples.sort()
        let median =
            samples.count % 2 == 1
            ? samples[samples.count / 2]
            : (samples[samples.count / 2 - 1] + samples[samples.count / 2]) / 2
        guard median > 0 else { return (median, .infinity, .infinity) }
        return (median, Double(messages.count) / median, Double(bytes) / 1_000_000 / median)
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// Keeps `value` observable; the branch is never taken in practice.
    @inline(never)
    private static func sink(_ value: Int) {
        if value == Int.min { print("checksum", value) }
    }
}
