/**
 * @module asl/choice
 * Choice Rules (ASL spec "Choice State"; developer guide "Choice workflow state"), compiled once
 * at definition time: JSONPath rules (data-test and And/Or/Not expressions, all 39 comparison
 * operators) into synchronous predicates with AWS's definition diagnostics and runtime failures,
 * and JSONata Conditions into boolean evaluators. Pure: imports kernel, asl errors, diagnostics,
 * timestamp and the query modules.
 *
 * Entry points: `compileChoiceRule` (JSONPath), `compileChoiceCondition` (JSONata).
 */
export { type ChoiceCondition, compileChoiceCondition } from './condition.js';
export { type ChoicePredicate, compileChoiceRule, type RulePlacement } from './rule.js';
