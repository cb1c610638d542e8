import Foundation
import Tensor

/// DeepZero's CIFAR-10 at CPU scale: 10-class 8×8 images. Each class has a template, a white-noise field smoothed by
/// a periodic Gaussian blur and standardized; an image is its class template circularly shifted by up to `maxShift`
/// pixels along each axis, plus white noise. Images are flattened to 64 features.
struct ShiftedTemplateImages {
    static let side = 8
    let templates: [[Double]]  // [classes][side²]
    let noise: Double
    let maxShift: Int

    init(classes: Int, blur: Double, noise: Double, maxShift: Int, using generator: inout RandomGenerator) {
        let side = Self.side
        let kernel = Self.periodicGaussian(side: side, width: blur)
        templates = (0..<classes).map { _ in
            let white = Tensor.normal([side * side], dtype: .float64, using: &generator).toDoubles()
            var field = [Double](repeating: 0, count: side * side)
            for row in 0..<side {
                for column in 0..<side {
                    var sum = 0.0
                    for dr in 0..<side {
                        for dc in 0..<side {
                            sum += kernel[dr * side + dc] * white[((row + dr) % side) * side + (column + dc) % side]
                        }
                    }
                    field[row * side + column] = sum
                }
            }
            let mean = field.reduce(0, +) / Double(field.count)
            let deviation = (field.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(field.count)).squareRoot()
            return field.map { ($0 - mean) / deviation }
        }
        self.noise = noise
        self.maxShift = maxShift
    }

    var classCount: Int { templates.count }

    /// `count` images `[count, 64]` (Float64) with int64 labels `[count]`, classes drawn uniformly.
    func sample(_ count: Int, using generator: inout RandomGenerator) -> (inputs: Tensor, labels: Tensor) {
        let side = Self.side
        var pixels: [Double] = []
        pixels.reserveCapacity(count * side * side)
        var labels: [Int64] = []
        for _ in 0..<count {
            let label = Int(generator.nextInteger(below: UInt64(classCount)))
            let span = UInt64(2 * maxShift + 1)
            let shiftRow = Int(generator.nextInteger(below: span)) - maxShift + side
            let shiftColumn = Int(generator.nextInteger(below: span)) - maxShift + side
            let template = templates[label]
            for row in 0..<side {
                for column in 0..<side {
                    pixels.append(template[((row + shiftRow) % side) * side + (column + shiftColumn) % side])
                }
            }
            labels.append(Int64(label))
        }
        let clean = Tensor(pixels, shape: [count, side * side], dtype: .float64)
        let inputs =
            clean + Tensor.normal([count, side * side], standardDeviation: noise, dtype: .float64, using: &generator)
        return (inputs, Tensor(labels, shape: [count]))
    }

    /// exp(−d²/2w²) over periodic distances on a side×side grid, normalized to sum 1.
    private static func periodicGaussian(side: Int, width: Double) -> [Double] {
        var kernel = [Double](repeating: 0, count: side * side)
        for dr in 0..<side {
            for dc in 0..<side {
                let r = Double(min(dr, side - dr))
                let c = Double(min(dc, side - dc))
                kernel[dr * side + dc] = exp(-(r * r + c * c) / (2 * width * width))
            }
        }
        let total = kernel.reduce(0, +)
        return kernel.map { $0 / total }
    }
}
