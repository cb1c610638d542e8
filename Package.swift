// swift-tools-version:6.0
import PackageDescription

/// Numeric targets: exclusivity checks off in release (the kernels use unsafe pointers; the checks cost in hot loops).
let numericSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "SciGrad",
    products: [
        .library(name: "SciGrad", targets: ["Tensor", "Autograd", "Layers", "Models"]),
        .executable(name: "scigrad", targets: ["scigrad"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .target(
            name: "Tensor",
            dependencies: ["COpenBLAS", .product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: numericSettings
        ),
        .target(name: "Autograd", dependencies: ["Tensor"], swiftSettings: numericSettings),
        .target(name: "Layers", dependencies: ["Tensor", "Autograd"], swiftSettings: numericSettings),
        .target(name: "Models", dependencies: ["Tensor", "Autograd", "Layers"], swiftSettings: numericSettings),
        .executableTarget(
            name: "scigrad",
            dependencies: [
                "Tensor", "Autograd", "Layers", "Models",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: numericSettings
        ),
        .executableTarget(
            name: "kernelbench", dependencies: ["Tensor"], path: "Benchmarks/kernelbench", swiftSettings: numericSettings
        ),
        .target(name: "TestSupport", dependencies: ["Tensor"], path: "Tests/TestSupport"),
        .testTarget(name: "TensorTests", dependencies: ["Tensor", "TestSupport"]),
        .testTarget(name: "AutogradTests", dependencies: ["Tensor", "Autograd", "TestSupport"]),
        .testTarget(name: "LayersTests", dependencies: ["Tensor", "Autograd", "Layers", "TestSupport"]),
    ]
)
