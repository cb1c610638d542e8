import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// Loading optimizer state checks every entry before changing anything (issue #11), converts moments to the
/// parameters' dtype, and can key the state by parameter name; L-BFGS is an `Optimizer` with a callback.
final class OptimizerStateTests: XCTestCase {
    /// An Adam over one float64 parameter after two steps.
    private func trainedAdam() -> (Adam, Parameter) {
        let p = Parameter(Tensor([1.0, -2.0]))
        let adam = Adam(parameters: [p], learningRate: 0.1)
        for _ in 0..<2 {
            p.variable.square().sum().backward()
            adam.step()
        }
        return (adam, p)
    }

    func testAdamRefusesBadStepCountsAndShapesWithoutChangingAnything() {
        let (adam, _) = trainedAdam()
        let before = adam.state
        let bad: [(String, Tensor, String)] = [
            ("0.step", Tensor(scalar: Double.nan), "nan, not a whole number"),
            ("0.step", Tensor(scalar: Double.infinity), "inf, not a whole number"),
            ("0.step", Tensor(scalar: 1e300), "not a whole number"),
            ("0.step", Tensor(scalar: 2.5), "2.5, not a whole number"),
            ("0.step", Tensor(scalar: -1.0), "not a whole number"),
            ("0.step", Tensor([3.0, 4.0]), "has shape [2]; a step count is a scalar"),
            ("0.m", Tensor([1.0, 2.0, 3.0]), "has shape [3], the parameter has [2]"),
            ("0.v", Tensor([Int64(1), 2]), "is int64, not a floating dtype"),
            ("0.velocity", Tensor([1.0, 2.0]), "is no state of Adam"),
        ]
        for (key, value, fragment) in bad {
            var state = before
            state[key] = value
            assertThrows(try adam.load(state: state), containing: ["Adam.load(state:)", "parameter 0", key, fragment])
            XCTAssertEqual(adam.state.mapValues { $0.toDoubles() }, before.mapValues { $0.toDoubles() }, key)
        }
        assertThrows(try adam.load(state: ["7.m": Tensor([1.0])]), containing: ["Adam", "'7.m' names no parameter"])
        assertThrows(
            try SGD(parameters: [Parameter(Tensor([1.0]))], learningRate: 0.1).load(state: [
                "0.momentum": Tensor([1.0, 2])
            ]),
            containing: ["SGD.load(state:)", "parameter 0"])
    }

    func testFloat64StateResumesIntoAFloat32Model() throws {
        let (adam, p) = trainedAdam()
        let p32 = Parameter(p.value.cast(to: .float32))
        let resumed = Adam(parameters: [p32], learningRate: 0.1)
        try resumed.load(state: adam.state)
        XCTAssertEqual(resumed.state["0.m"]?.dtype, .float32)
        p.variable.square().sum().backward()
        adam.step()
        p32.variable.square().sum().backward()
        resumed.step()
        assertClose(p32.value.cast(to: .float64), p.value, relativeTolerance: 1e-5, absoluteTolerance: 1e-6)
    }

    func testStateKeyedByParameterNameRoundTrips() throws {
        let model = Linear(weight: Tensor([1.0, 2, 3, 4, 5, 6], shape: [2, 3]), bias: Tensor([0.5, -0.5]))
        let adam = Adam(parameters: model.parameters(), learningRate: 0.01)
        let x = Variable(Tensor([1.0, 0, -1], shape: [1, 3]))
        adam.step { model(x).square().sum() }
        let named = adam.state(namedBy: model)
        XCTAssertEqual(Set(named.keys), ["weight.m", "weight.v", "weight.step", "bias.m", "bias.v", "bias.step"])

        // A fresh model whose parameters are listed in another order restores each by name.
        let copy = Linear(weight: model.weight.value, bias: model.bias!.value)
        let resumed = Adam(parameters: [copy.bias!, copy.weight], learningRate: 0.01)
        try resumed.load(state: named, namedBy: copy)
        XCTAssertEqual(resumed.state["1.m"]?.toDoubles(), adam.state["0.m"]?.toDoubles())
        XCTAssertEqual(resumed.state["0.v"]?.toDoubles(), adam.state["1.v"]?.toDoubles())
        var wrong = named
        wrong["weight.m"] = Tensor([1.0])
        assertThrows(
            try resumed.load(state: wrong, namedBy: copy),
            containing: ["Adam.load(state:): parameter weight", "'weight.m' has shape [1]"])
        assertThrows(
            try resumed.load(state: ["head.weight.m": Tensor([1.0])], namedBy: copy),
            containing: ["'head.weight.m' names no parameter"])
    }

    func testFirstOrderStepWithAClosureDifferentiatesAndUpdates() {
        let p = Parameter(Tensor([1.0, -2.0]))
        let q = Parameter(Tensor([1.0, -2.0]))
        let byClosure = SGD(parameters: [p], learningRate: 0.1)
        let byHand = SGD(parameters: [q], learningRate: 0.1)
        let loss = byClosure.step { p.variable.square().sum() }
        q.variable.square().sum().backward()
        byHand.step()
        XCTAssertEqual(loss, 5)
        XCTAssertEqual(p.value.toDoubles(), q.value.toDoubles())
    }

    func testAStepOnANonFiniteLossStopsNamingTheOptimizer() {
        expectFatalError(containing: "Adam.step(closure): the loss is nan") {
            let p = Parameter(Tensor([1.0]))
            Adam(parameters: [p]).step { (p.variable - 2).log().sum() }
        }
    }

    /// Rosenbrock f(x, y) = (1 − x)² + 100(y − x²)².
    private func rosenbrock(_ p: Parameter) -> Variable {
        let x = p.variable[0]
        let y = p.variable[1]
        return (1 - x).square() + (y - x.square()).square() * 100
    }

    func testLBFGSIsAnOptimizerWithAPerIterationCallback() {
        let p = Parameter(Tensor([-1.2, 1.0]))
        let lbfgs = LBFGS(parameters: [p], maximumIterations: 30, lineSearch: .strongWolfe)
        var seen: [LBFGS.Iteration] = []
        lbfgs.minimize({ self.rosenbrock(p) }, onIteration: { seen.append($0) })
        XCTAssertEqual(seen.map(\.index), Array(1...lbfgs.iterations))
        XCTAssertEqual(seen.last?.evaluations, lbfgs.evaluations)
        XCTAssertLessThan(seen.last!.loss, seen.first!.loss)

        let optimizer: any Optimizer = LBFGS(parameters: [Parameter(Tensor([-1.2, 1.0]))], maximumIterations: 30)
        let start = optimizer.step { self.rosenbrock(optimizer.parameters[0]) }
        XCTAssertEqual(start, 24.2, accuracy: 1e-12)
        XCTAssertNotEqual(optimizer.parameters[0].value.toDoubles(), [-1.2, 1.0])
    }

    func testLBFGSStateResumesARunExactly() throws {
        let through = Parameter(Tensor([-1.2, 1.0]))
        let uninterrupted = LBFGS(parameters: [through], maximumIterations: 5, lineSearch: .strongWolfe)
        uninterrupted.minimize { self.rosenbrock(through) }
        uninterrupted.minimize { self.rosenbrock(through) }

        let first = Parameter(Tensor([-1.2, 1.0]))
        let before = LBFGS(parameters: [first], maximumIterations: 5, lineSearch: .strongWolfe)
        before.minimize { self.rosenbrock(first) }
        let second = Parameter(first.value)
        let after = LBFGS(parameters: [second], maximumIterations: 5, lineSearch: .strongWolfe)
        try after.load(state: before.state)
        after.minimize { self.rosenbrock(second) }
        XCTAssertEqual(second.value.toDoubles(), through.value.toDoubles())
        XCTAssertEqual(after.iterations, uninterrupted.iterations)

        var bad = before.state
        bad["direction"] = Tensor([1.0, 2, 3])
        assertThrows(try after.load(state: bad), containing: ["LBFGS.load(state:)", "'direction'", "[3]"])
        bad = before.state
        bad["iterations"] = Tensor(scalar: Double.nan)
        assertThrows(try after.load(state: bad), containing: ["LBFGS", "not finite"])
    }
}
