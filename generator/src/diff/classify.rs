//! Two surfaces → a list of changes, each breaking or compatible for Rust
//! code that uses the crate, and the semver bump they imply.
//!
//! The rules follow what rustc accepts under the crate's compatibility
//! design (see docs/decisions.md, "Compatibility of the generated API"):
//! adding is compatible where users cannot have depended on the absence
//! (setters, methods, `#[non_exhaustive]` enums and output structs); any
//! removal, retyping, new positional argument, or new field in a struct users
//! build with a literal is breaking.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::surface::{
    ApiSurface, AuthSurface, EnumValue, FieldSurface, Input, OperationSurface, TypeShape,
    TypeSurface, UnionVariantSurface,
};

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// The crate's Cargo features.
    Features,
    /// The client builder (credential setters).
    Client,
    /// A client method, by name.
    Operation(String),
    /// An item of the `types` module, by name.
    Type(String),
}

/// The kind of a change, for machines reading the JSON report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum ChangeKind {
    /// A feature left or joined the `default` set.
    DefaultFeaturesChanged,
    /// An operation is compiled by another feature (its group changed).
    OperationFeatureChanged,
    /// A type is compiled by other features (its groups changed).
    TypeFeaturesChanged,
    AuthAdded,
    AuthRemoved,
    AuthChanged,
    OperationAdded,
    OperationRemoved,
    RouteChanged,
    OperationDeprecated,
    InputAdded,
    InputRemoved,
    InputRetyped,
    InputBecameRequired,
    InputBecameOptional,
    ArgumentsReordered,
    /// A positional argument kept its place and type but changed its name.
    ArgumentRenamed,
    ResponseChanged,
    OutcomeVariantAdded,
    OutcomeVariantRemoved,
    OutcomeVariantChanged,
    /// An error status gained a typed body.
    ErrorBodyAdded,
    /// An error status lost its typed body.
    ErrorBodyRemoved,
    /// An error status's typed body has another type (or the operation's
    /// error bodies moved between one type and an enum).
    ErrorBodyChanged,
    StreamAdded,
    StreamRemoved,
    StreamItemChanged,
    /// The request builder gained `.pages()` (its item is the response,
    /// whose changes are reported as such).
    PagesAdded,
    PagesRemoved,
    TypeAdded,
    TypeRemoved,
    TypeKindChanged,
    TypeDeprecated,
    StructBecameUserBuilt,
    StructBecameNonExhaustive,
    FieldAdded,
    FieldRemoved,
    FieldRetyped,
    FieldBecameRequired,
    FieldBecameOptional,
    EnumValueAdded,
    EnumValueRemoved,
    EnumVariantRenamed,
    UnionVariantAdded,
    UnionVariantRemoved,
    UnionVariantRetyped,
    UnionTagChanged,
    TargetChanged,
}

/// One difference between two surfaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// What changed.
    pub subject: Subject,
    /// The kind of change.
    pub kind: ChangeKind,
    /// What changed, in words (Markdown code spans for names).
    pub description: String,
    /// Whether code that compiled against the old crate may stop compiling.
    pub breaking: bool,
    /// Why it is (or is not) breaking.
    pub reason: String,
}

/// The version bump a set of changes implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// No public API change.
    None,
    /// `x.y.Z`.
    Patch,
    /// `x.Y.0`.
    Minor,
    /// `X.0.0`.
    Major,
}

impl Bump {
    /// The bump Cargo's compatibility rules need: in `0.0.z` every release
    /// is incompatible (there is only the patch number); in `0.y.z` a
    /// breaking change moves `y` and anything else moves `z`; from `1.0.0`
    /// breaking moves the major version and additions the minor one.
    pub fn implied(changed: bool, breaking: bool, version: &semver::Version) -> Self {
        match (changed, breaking, version.major, version.minor) {
            (false, _, _, _) => Self::None,
            (true, _, 0, 0) => Self::Patch,
            (true, true, 0, _) => Self::Minor,
            (true, false, 0, _) => Self::Patch,
            (true, true, _, _) => Self::Major,
            (true, false, _, _) => Self::Minor,
        }
    }

    /// `version` bumped (pre-release and build metadata dropped).
    pub fn apply(self, version: &semver::Version) -> semver::Version {
        let mut next = version.clone();
        match self {
            Self::None => return next,
            Self::Patch => next.patch += 1,
            Self::Minor => {
                next.minor += 1;
                next.patch = 0;
            }
            Self::Major => {
                next.major += 1;
                next.minor = 0;
                next.patch = 0;
            }
        }
        next.pre = semver::Prerelease::EMPTY;
        next.build = semver::BuildMetadata::EMPTY;
        next
    }
}

/// The comparison of two surfaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Every change: the client builder, then operations and types by name.
    pub changes: Vec<Change>,
    /// The version the old crate had.
    pub old_version: String,
    /// The bump the changes imply.
    pub bump: Bump,
    /// The version to release, when `old_version` is valid semver.
    pub new_version: Option<String>,
}

impl Report {
    /// Whether any change may break users' code.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.breaking)
    }

    /// Whether the public API changed at all.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Why the bump is what it is, in one sentence.
    pub fn bump_reason(&self) -> String {
        let pre_one = semver::Version::parse(&self.old_version)
            .map(|v| v.major == 0)
            .unwrap_or(false);
        match (self.bump, self.is_breaking(), pre_one) {
            (Bump::None, _, _) => "no public API change, so no new version is needed".into(),
            (Bump::Patch, true, true) => {
                "in a 0.0.z crate every release is incompatible and only the patch number moves"
                    .into()
            }
            (Bump::Minor, true, true) => {
                "breaking changes in a 0.x crate move the minor version, which Cargo treats as incompatible".into()
            }
            (Bump::Patch, false, true) => {
                "only compatible changes: a 0.x crate moves its patch version".into()
            }
            (Bump::Major, _, _) => "breaking changes move the major version".into(),
            (_, _, _) => "only compatible additions: the minor version moves".into(),
        }
    }
}

/// Compares the surface the crate had (`old`) with the one it gets (`new`).
pub fn compare(old: &ApiSurface, new: &ApiSurface) -> Report {
    let mut out = Changes(Vec::new());
    // A layout-1 surface does not record features: its default set reads
    // as empty, and its methods' and types' features as absent, which the
    // comparisons below skip.
    if old.layout >= 2 && new.layout >= 2 {
        compare_default_features(&mut out, &old.default_features, &new.default_features);
    }
    compare_auth(&mut out, &old.auth, &new.auth);
    compare_operations(&mut out, &old.operations, &new.operations);
    compare_types(&mut out, &old.types, &new.types);
    let changes = out.0;
    let breaking = changes.iter().any(|c| c.breaking);
    let (bump, new_version) = match semver::Version::parse(&old.crate_version) {
        Ok(v) => {
            let bump = Bump::implied(!changes.is_empty(), breaking, &v);
            (bump, Some(bump.apply(&v).to_string()))
        }
        Err(_) => (
            if changes.is_empty() {
                Bump::None
            } else if breaking {
                Bump::Major
            } else {
                Bump::Minor
            },
            None,
        ),
    };
    Report {
        changes,
        old_version: old.crate_version.clone(),
        bump,
        new_version,
    }
}

struct Changes(Vec<Change>);

impl Changes {
    fn push(
        &mut self,
        subject: &Subject,
        kind: ChangeKind,
        breaking: bool,
        description: impl Into<String>,
        reason: impl Into<String>,
    ) {
        self.0.push(Change {
            subject: subject.clone(),
            kind,
            description: description.into(),
            breaking,
            reason: reason.into(),
        });
    }
}

/// A Markdown code span that survives any content (backticks, pipes).
pub(crate) fn code(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A list of features as Markdown code spans.
fn feature_list(features: &[String]) -> String {
    if features.is_empty() {
        return "none".into();
    }
    features
        .iter()
        .map(|f| code(f))
        .collect::<Vec<_>>()
        .join(", ")
}

fn compare_default_features(out: &mut Changes, old: &[String], new: &[String]) {
    let lost: Vec<String> = old.iter().filter(|f| !new.contains(f)).cloned().collect();
    let gained: Vec<String> = new.iter().filter(|f| !old.contains(f)).cloned().collect();
    if lost.is_empty() && gained.is_empty() {
        return;
    }
    out.push(
        &Subject::Features,
        ChangeKind::DefaultFeaturesChanged,
        !lost.is_empty(),
        format!(
            "default features changed from {} to {}",
            feature_list(old),
            feature_list(new)
        ),
        if lost.is_empty() {
            "default builds compile more; existing code is unaffected".to_owned()
        } else {
            format!(
                "default builds no longer compile what {} enabled; code using it stops \
                 compiling until the dependency enables it",
                feature_list(&lost)
            )
        },
    );
}

fn compare_auth(out: &mut Changes, old: &[AuthSurface], new: &[AuthSurface]) {
    let subject = Subject::Client;
    let old_map: BTreeMap<&str, &AuthSurface> =
        old.iter().map(|a| (a.setter.as_str(), a)).collect();
    let new_map: BTreeMap<&str, &AuthSurface> =
        new.iter().map(|a| (a.setter.as_str(), a)).collect();
    for (name, a) in &old_map {
        match new_map.get(name) {
            None => out.push(
                &subject,
                ChangeKind::AuthRemoved,
                true,
                format!("credential setter {} removed", code(&format!("{name}()"))),
                "calls to the setter on `ClientBuilder` stop compiling",
            ),
            Some(b) if a.kind != b.kind => {
                let arity_changed = (a.kind == "basic") != (b.kind == "basic");
                out.push(
                    &subject,
                    ChangeKind::AuthChanged,
                    arity_changed,
                    format!(
                        "credential setter {} now sends a {} credential instead of {}",
                        code(&format!("{name}()")),
                        b.kind,
                        a.kind
                    ),
                    if arity_changed {
                        "the setter takes a different number of arguments"
                    } else {
                        "the setter still takes one value"
                    },
                );
            }
            Some(_) => {}
        }
    }
    for name in new_map.keys().filter(|n| !old_map.contains_key(*n)) {
        out.push(
            &subject,
            ChangeKind::AuthAdded,
            false,
            format!("credential setter {} added", code(&format!("{name}()"))),
            "a new optional setter on `ClientBuilder`",
        );
    }
}

fn compare_operations(out: &mut Changes, old: &[OperationSurface], new: &[OperationSurface]) {
    let old_map: BTreeMap<&str, &OperationSurface> =
        old.iter().map(|o| (o.method.as_str(), o)).collect();
    let new_map: BTreeMap<&str, &OperationSurface> =
        new.iter().map(|o| (o.method.as_str(), o)).collect();
    let mut names: Vec<&str> = old_map.keys().chain(new_map.keys()).copied().collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        let subject = Subject::Operation(name.to_owned());
        match (old_map.get(name), new_map.get(name)) {
            (Some(a), None) => out.push(
                &subject,
                ChangeKind::OperationRemoved,
                true,
                format!("operation removed ({})", code(&a.route)),
                format!("calls to `Client::{name}` and uses of its request builder stop compiling"),
            ),
            (None, Some(b)) => out.push(
                &subject,
                ChangeKind::OperationAdded,
                false,
                format!("operation added ({})", code(&b.route)),
                "a new method on `Client`; existing code is unaffected",
            ),
            (Some(a), Some(b)) => compare_operation(out, &subject, a, b),
            (None, None) => {}
        }
    }
}

/// Where an input sits: a positional argument of the method, or a setter
/// of its request builder.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Argument,
    Setter,
}

/// A method's inputs by name, each with where it sits.
type Inputs<'a> = BTreeMap<&'a str, (Slot, &'a Input)>;

fn inputs(op: &OperationSurface) -> Inputs<'_> {
    op.arguments
        .iter()
        .map(|i| (i.name.as_str(), (Slot::Argument, i)))
        .chain(
            op.setters
                .iter()
                .map(|i| (i.name.as_str(), (Slot::Setter, i))),
        )
        .collect()
}

fn describe(input: &Input) -> String {
    format!(
        "{} {}",
        input.source.noun(),
        code(&format!("{}: {}", input.name, input.ty))
    )
}

/// Everything about one method both versions have, in report order.
fn compare_operation(
    out: &mut Changes,
    subject: &Subject,
    a: &OperationSurface,
    b: &OperationSurface,
) {
    compare_operation_feature(out, subject, a, b);
    compare_route(out, subject, a, b);
    compare_operation_deprecation(out, subject, a, b);
    compare_inputs(out, subject, a, b);
    compare_argument_order(out, subject, a, b);
    compare_response(out, subject, a, b);
    compare_outcomes(out, subject, a, b);
    compare_error_bodies(out, subject, a, b);
    compare_stream(out, subject, a, b);
    compare_pages(out, subject, a, b);
}

/// The feature (group) that compiles the method. A layout-1 surface
/// records none, and then there is nothing to compare.
fn compare_operation_feature(
    out: &mut Changes,
    subject: &Subject,
    a: &OperationSurface,
    b: &OperationSurface,
) {
    if let (Some(from), Some(to)) = (&a.feature, &b.feature)
        && from != to
    {
        out.push(
            subject,
            ChangeKind::OperationFeatureChanged,
            true,
            format!("moved from feature {} to {}", code(from), code(to)),
            format!(
                "builds that enable {} but not {} (or `full`) lose the method; default builds \
                 that include every group are unaffected",
                code(from),
                code(to)
            ),
        );
    }
}

fn compare_route(out: &mut Changes, subject: &Subject, a: &OperationSurface, b: &OperationSurface) {
    if a.route != b.route {
        out.push(
            subject,
            ChangeKind::RouteChanged,
            false,
            format!(
                "route changed from {} to {}",
                code(&a.route),
                code(&b.route)
            ),
            "the method's signature is unchanged; requests go to the new route",
        );
    }
}

fn compare_operation_deprecation(
    out: &mut Changes,
    subject: &Subject,
    a: &OperationSurface,
    b: &OperationSurface,
) {
    if !a.deprecated && b.deprecated {
        out.push(
            subject,
            ChangeKind::OperationDeprecated,
            false,
            "operation deprecated",
            "calls still compile, with a deprecation warning",
        );
    }
}

/// The method's arguments and setters: renamed arguments first, then each
/// old input in order (removed, retyped, moved), then each new one.
fn compare_inputs(
    out: &mut Changes,
    subject: &Subject,
    a: &OperationSurface,
    b: &OperationSurface,
) {
    let old_inputs = inputs(a);
    let mut new_inputs = inputs(b);
    match_renamed_arguments(out, subject, a, b, &old_inputs, &mut new_inputs);
    for input in a.arguments.iter().chain(&a.setters) {
        let (old_slot, _) = old_inputs[input.name.as_str()];
        let now = new_inputs.get(input.name.as_str()).copied();
        compare_input(out, subject, &b.method, input, old_slot, now);
    }
    for input in b.arguments.iter().chain(&b.setters) {
        // A renamed argument is filed under its old name and was reported.
        let was_renamed = !new_inputs.contains_key(input.name.as_str());
        if old_inputs.contains_key(input.name.as_str()) || was_renamed {
            continue;
        }
        let (slot, _) = new_inputs[input.name.as_str()];
        report_added_input(out, subject, &b.method, input, slot);
    }
}

/// Positional arguments are passed by position, not by name: one that
/// keeps its place and type under a new name (gone from the old list,
/// new to it) breaks no call. Each one is reported, and filed in
/// `new_inputs` under its old name so the comparisons after see it kept.
fn match_renamed_arguments<'a>(
    out: &mut Changes,
    subject: &Subject,
    a: &'a OperationSurface,
    b: &'a OperationSurface,
    old_inputs: &Inputs<'a>,
    new_inputs: &mut Inputs<'a>,
) {
    if a.arguments.len() != b.arguments.len() {
        return;
    }
    for (old, new) in a.arguments.iter().zip(&b.arguments) {
        let renamed = old.name != new.name
            && old.ty == new.ty
            && !new_inputs.contains_key(old.name.as_str())
            && !old_inputs.contains_key(new.name.as_str());
        if renamed {
            out.push(
                subject,
                ChangeKind::ArgumentRenamed,
                false,
                format!(
                    "{} {} renamed to {}",
                    old.source.noun(),
                    code(&old.name),
                    code(&new.name)
                ),
                "it keeps its position and type, and arguments are passed by position",
            );
            new_inputs.insert(old.name.as_str(), (Slot::Argument, new));
            new_inputs.remove(new.name.as_str());
        }
    }
}

/// One input the old method took (`input`, in `old_slot`) against what
/// the new method `method` has under its name (`now`), if anything.
fn compare_input(
    out: &mut Changes,
    subject: &Subject,
    method: &str,
    input: &Input,
    old_slot: Slot,
    now: Option<(Slot, &Input)>,
) {
    let Some((new_slot, now)) = now else {
        report_removed_input(out, subject, method, input, old_slot);
        return;
    };
    if input.ty != now.ty {
        out.push(
            subject,
            ChangeKind::InputRetyped,
            true,
            format!(
                "{} {} changed type from {} to {}",
                input.source.noun(),
                code(&input.name),
                code(&input.ty),
                code(&now.ty)
            ),
            "values of the old type no longer fit",
        );
    }
    compare_input_slot(out, subject, method, now, old_slot, new_slot);
}

fn report_removed_input(
    out: &mut Changes,
    subject: &Subject,
    method: &str,
    input: &Input,
    old_slot: Slot,
) {
    let reason = match old_slot {
        Slot::Argument => format!("calls pass an argument `Client::{method}` no longer takes"),
        Slot::Setter => format!("calls to `.{}()` stop compiling", input.name),
    };
    out.push(
        subject,
        ChangeKind::InputRemoved,
        true,
        format!("{} removed", describe(input)),
        reason,
    );
}

/// An input that moved between a setter and a positional argument: either
/// way, calls written for the old place stop compiling.
fn compare_input_slot(
    out: &mut Changes,
    subject: &Subject,
    method: &str,
    now: &Input,
    old_slot: Slot,
    new_slot: Slot,
) {
    match (old_slot, new_slot) {
        (Slot::Setter, Slot::Argument) => out.push(
            subject,
            ChangeKind::InputBecameRequired,
            true,
            format!(
                "{} {} became required",
                now.source.noun(),
                code(&now.name)
            ),
            format!(
                "it moves from the `.{}()` setter to a positional argument of `Client::{}`: every call must pass it",
                now.name, method
            ),
        ),
        (Slot::Argument, Slot::Setter) => out.push(
            subject,
            ChangeKind::InputBecameOptional,
            true,
            format!(
                "{} {} became optional",
                now.source.noun(),
                code(&now.name)
            ),
            format!(
                "it moves from a positional argument of `Client::{}` to the `.{}()` setter: calls passing it stop compiling",
                method, now.name
            ),
        ),
        _ => {}
    }
}

/// A new argument breaks every call; a new setter breaks none.
fn report_added_input(
    out: &mut Changes,
    subject: &Subject,
    method: &str,
    input: &Input,
    slot: Slot,
) {
    match slot {
        Slot::Argument => out.push(
            subject,
            ChangeKind::InputAdded,
            true,
            format!("new required {}", describe(input)),
            format!("a new positional argument of `Client::{method}`: every call must pass it"),
        ),
        Slot::Setter => out.push(
            subject,
            ChangeKind::InputAdded,
            false,
            format!("new optional {}", describe(input)),
            format!(
                "a new `.{}()` setter on the request builder; existing calls are unchanged",
                input.name
            ),
        ),
    }
}

/// Arguments both versions have, in a different order.
fn compare_argument_order(
    out: &mut Changes,
    subject: &Subject,
    a: &OperationSurface,
    b: &OperationSurface,
) {
    let kept_old: Vec<&str> = a
        .arguments
        .iter()
        .map(|i| i.name.as_str())
        .filter(|n| b.arguments.iter().any(|j| j.name == *n))
        .collect();
    let kept_new: Vec<&str> = b
        .arguments
        .iter()
        .map(|i| i.name.as_str())
        .filter(|n| a.arguments.iter().any(|j| j.name == *n))
        .collect();
    if kept_old != kept_new {
        out.push(
            subject,
            ChangeKind::ArgumentsReordered,
            true,
            format!(
                "arguments reordered from ({}) to ({})",
                kept_old.join(", "),
                kept_new.join(", ")
            ),
            "positional arguments are passed in the old order",
        );
    }
}

fn compare_response(
    out: &mut Changes,
    subject: &Subject,
    a: &OperationSurface,
    b: &OperationSurface,
) {
    if a.response != b.response {
        out.push(
            subject,
            ChangeKind::ResponseChanged,
            true,
            format!(
                "response type changed from {} to {}",
                code(&a.response),
                code(&b.response)
            ),
            "code using what `send()` returns expects the old type",
        );
    }
}

/// The request builder's `.pages()`: there or not (what it yields is the
/// response, compared on its own).
fn compare_pages(out: &mut Changes, subject: &Subject, a: &OperationSurface, b: &OperationSurface) {
    match (&a.pages, &b.pages) {
        (None, Some(page)) => out.push(
            subject,
            ChangeKind::PagesAdded,
            false,
            format!("the request builder gained `.pages()` of {}", code(page)),
            "a new method; existing calls are unchanged",
        ),
        (Some(_), None) => out.push(
            subject,
            ChangeKind::PagesRemoved,
            true,
            "the request builder lost `.pages()`",
            "calls to `.pages()` stop compiling",
        ),
        _ => {}
    }
}

/// The request builder's `.stream()`, which paging operations have.
fn compare_stream(
    out: &mut Changes,
    subject: &Subject,
    a: &OperationSurface,
    b: &OperationSurface,
) {
    match (&a.stream, &b.stream) {
        (None, Some(item)) => out.push(
            subject,
            ChangeKind::StreamAdded,
            false,
            format!("the request builder gained `.stream()` of {}", code(item)),
            "a new method; existing calls are unchanged",
        ),
        (Some(_), None) => out.push(
            subject,
            ChangeKind::StreamRemoved,
            true,
            "the request builder lost `.stream()`",
            "calls to `.stream()` stop compiling",
        ),
        (Some(x), Some(y)) if x != y => out.push(
            subject,
            ChangeKind::StreamItemChanged,
            true,
            format!("`.stream()` items changed from {} to {}", code(x), code(y)),
            "code using the items expects the old type",
        ),
        _ => {}
    }
}

fn compare_outcomes(
    out: &mut Changes,
    subject: &Subject,
    a: &OperationSurface,
    b: &OperationSurface,
) {
    if a.outcome.is_empty() || b.outcome.is_empty() || a.response != b.response {
        // No outcome enum on one side, or a different one: the response
        // change says it all.
        return;
    }
    let enum_name = &b.response;
    for case in &a.outcome {
        match b.outcome.iter().find(|c| c.variant == case.variant) {
            None => out.push(
                subject,
                ChangeKind::OutcomeVariantRemoved,
                true,
                format!(
                    "success status {} ({}) removed",
                    case.status,
                    code(&format!("{enum_name}::{}", case.variant))
                ),
                "code naming the variant stops compiling",
            ),
            Some(now) if now.ty != case.ty || now.status != case.status => out.push(
                subject,
                ChangeKind::OutcomeVariantChanged,
                true,
                format!(
                    "success variant {} changed from {} {} to {} {}",
                    code(&format!("{enum_name}::{}", case.variant)),
                    case.status,
                    code(&case.ty),
                    now.status,
                    code(&now.ty)
                ),
                "code matching the variant expects the old payload",
            ),
            Some(_) => {}
        }
    }
    for case in &b.outcome {
        if !a.outcome.iter().any(|c| c.variant == case.variant) {
            out.push(
                subject,
                ChangeKind::OutcomeVariantAdded,
                true,
                format!(
                    "success status {} ({}) added",
                    case.status,
                    code(&format!("{enum_name}::{}", case.variant))
                ),
                format!("`{enum_name}` is an exhaustive enum: matches on it stop compiling"),
            );
        }
    }
}

/// The typed bodies of error answers, status by status. The `…Error`
/// enums are `#[non_exhaustive]`, so a status gaining a body breaks no
/// match; one losing it, or changing type, breaks code reading it.
fn compare_error_bodies(
    out: &mut Changes,
    subject: &Subject,
    a: &OperationSurface,
    b: &OperationSurface,
) {
    if let (Some(x), Some(y)) = (&a.error_body, &b.error_body) {
        if x != y {
            out.push(
                subject,
                ChangeKind::ErrorBodyChanged,
                true,
                format!(
                    "error bodies are now typed as {} (were {})",
                    code(y),
                    code(x)
                ),
                "`typed_body` asked for the old type gives nothing",
            );
            return;
        }
    }
    for case in &a.errors {
        match b.errors.iter().find(|c| c.status == case.status) {
            None => out.push(
                subject,
                ChangeKind::ErrorBodyRemoved,
                true,
                format!(
                    "the body of a {} error answer is no longer typed",
                    case.status
                ),
                "code reading it (or naming its variant) finds nothing",
            ),
            Some(now) if now.ty != case.ty || now.variant != case.variant => out.push(
                subject,
                ChangeKind::ErrorBodyChanged,
                true,
                format!(
                    "the body of a {} error answer changed from {} to {}",
                    case.status,
                    code(&case.ty),
                    code(&now.ty)
                ),
                "code reading it expects the old type",
            ),
            Some(_) => {}
        }
    }
    // Added statuses in one entry: an operation typing its errors for the
    // first time is one change, not one per status.
    let added: Vec<&str> = b
        .errors
        .iter()
        .filter(|case| !a.errors.iter().any(|c| c.status == case.status))
        .map(|case| case.status.as_str())
        .collect();
    if let (false, Some(typed)) = (added.is_empty(), &b.error_body) {
        let what = match added.as_slice() {
            [one] => format!("the body of a {one} error answer is"),
            many => format!("the bodies of {} error answers are", many.join(", ")),
        };
        out.push(
            subject,
            ChangeKind::ErrorBodyAdded,
            false,
            format!("{what} typed, as {}", code(typed)),
            "read on request only; nothing existing changes",
        );
    }
}

fn compare_types(out: &mut Changes, old: &[TypeSurface], new: &[TypeSurface]) {
    let old_map: BTreeMap<&str, &TypeSurface> = old.iter().map(|t| (t.name.as_str(), t)).collect();
    let new_map: BTreeMap<&str, &TypeSurface> = new.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut names: Vec<&str> = old_map.keys().chain(new_map.keys()).copied().collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        let subject = Subject::Type(name.to_owned());
        match (old_map.get(name), new_map.get(name)) {
            (Some(a), None) => out.push(
                &subject,
                ChangeKind::TypeRemoved,
                true,
                format!("{} removed", a.shape.noun()),
                format!("code naming `types::{name}` stops compiling"),
            ),
            (None, Some(b)) => out.push(
                &subject,
                ChangeKind::TypeAdded,
                false,
                format!("{} added", b.shape.noun()),
                "a new item in `types`; existing code is unaffected",
            ),
            (Some(a), Some(b)) => compare_type(out, &subject, a, b),
            (None, None) => {}
        }
    }
}

/// A type is compiled when any of its features is on; `all-types` turns on
/// every group, and a group turns on only itself. So a build that enabled
/// the type through group `g` keeps it exactly when `g` is still among its
/// features (`all-types` keeps every type an operation or nobody reaches).
fn compare_type_features(out: &mut Changes, subject: &Subject, a: &TypeSurface, b: &TypeSurface) {
    if a.features.is_empty() || b.features.is_empty() || a.features == b.features {
        return;
    }
    let lost: Vec<String> = a
        .features
        .iter()
        .filter(|f| f.as_str() != crate::ir::ALL_TYPES && !b.features.contains(f))
        .cloned()
        .collect();
    out.push(
        subject,
        ChangeKind::TypeFeaturesChanged,
        !lost.is_empty(),
        format!(
            "compiled by {} instead of {}",
            feature_list(&b.features),
            feature_list(&a.features)
        ),
        if lost.is_empty() {
            "every build that compiled it still does".to_owned()
        } else {
            format!(
                "builds that enable only {} lose it; default builds that include every type \
                 are unaffected",
                feature_list(&lost)
            )
        },
    );
}

/// Everything about one type both versions have, in report order.
fn compare_type(out: &mut Changes, subject: &Subject, a: &TypeSurface, b: &TypeSurface) {
    compare_type_features(out, subject, a, b);
    if !a.deprecated && b.deprecated {
        out.push(
            subject,
            ChangeKind::TypeDeprecated,
            false,
            format!("{} deprecated", b.shape.noun()),
            "uses still compile, with a deprecation warning",
        );
    }
    compare_shape(out, subject, &a.shape, &b.shape);
}

/// Two shapes of one type: compared member by member when the kind of
/// type is the same, otherwise one breaking change.
fn compare_shape(out: &mut Changes, subject: &Subject, a: &TypeShape, b: &TypeShape) {
    match (a, b) {
        (
            TypeShape::Struct {
                user_built: built_a,
                fields: fields_a,
            },
            TypeShape::Struct {
                user_built: built_b,
                fields: fields_b,
            },
        ) => {
            compare_user_built(out, subject, *built_a, *built_b);
            compare_fields(out, subject, *built_a, fields_a, fields_b);
        }
        (TypeShape::Enum { values: va }, TypeShape::Enum { values: vb }) => {
            compare_enum_values(out, subject, va, vb);
        }
        (
            TypeShape::Union {
                tagged: ta,
                variants: va,
            },
            TypeShape::Union {
                tagged: tb,
                variants: vb,
            },
        ) => {
            compare_union_tag(out, subject, *ta, *tb);
            compare_union_variants(out, subject, va, vb);
        }
        (TypeShape::Alias { target: x }, TypeShape::Alias { target: y })
        | (TypeShape::Newtype { target: x }, TypeShape::Newtype { target: y }) => {
            compare_target(out, subject, b.noun(), x, y);
        }
        (x, y) => out.push(
            subject,
            ChangeKind::TypeKindChanged,
            true,
            format!("{} became a {}", x.noun(), y.noun()),
            "code using it as the old kind of type stops compiling",
        ),
    }
}

/// Whether users build the struct, which decides if it is
/// `#[non_exhaustive]`.
fn compare_user_built(out: &mut Changes, subject: &Subject, built_a: bool, built_b: bool) {
    match (built_a, built_b) {
        (false, true) => out.push(
            subject,
            ChangeKind::StructBecameUserBuilt,
            false,
            "struct is now a request input and no longer `#[non_exhaustive]`",
            "users may now build it with a struct literal; existing code is unaffected",
        ),
        (true, false) => out.push(
            subject,
            ChangeKind::StructBecameNonExhaustive,
            true,
            "struct is no longer a request input and becomes `#[non_exhaustive]`",
            "struct literals of it outside the crate stop compiling",
        ),
        _ => {}
    }
}

/// Enum values are matched by their value on the wire: the old values in
/// order (removed, or held by another variant), then the new ones.
fn compare_enum_values(out: &mut Changes, subject: &Subject, va: &[EnumValue], vb: &[EnumValue]) {
    for v in va {
        match vb.iter().find(|w| w.value == v.value) {
            None => out.push(
                subject,
                ChangeKind::EnumValueRemoved,
                true,
                format!("value {} removed", code(&v.value)),
                format!(
                    "code naming the `{}` variant stops compiling (the value now decodes as `Unknown`)",
                    v.variant
                ),
            ),
            Some(w) if w.variant != v.variant => out.push(
                subject,
                ChangeKind::EnumVariantRenamed,
                true,
                format!(
                    "value {} is now variant {} instead of {}",
                    code(&v.value),
                    code(&w.variant),
                    code(&v.variant)
                ),
                "code naming the old variant stops compiling",
            ),
            Some(_) => {}
        }
    }
    for w in vb {
        if !va.iter().any(|v| v.value == w.value) {
            out.push(
                subject,
                ChangeKind::EnumValueAdded,
                false,
                format!("value {} added (variant {})", code(&w.value), code(&w.variant)),
                "the enum is `#[non_exhaustive]`, so matches already have a `_` arm; the old client kept this value in `Unknown`",
            );
        }
    }
}

/// A discriminator brings an `Unknown` variant: losing it breaks code
/// naming that variant, gaining it only adds one.
fn compare_union_tag(out: &mut Changes, subject: &Subject, ta: bool, tb: bool) {
    if ta != tb {
        out.push(
            subject,
            ChangeKind::UnionTagChanged,
            ta,
            if tb {
                "union gained a discriminator (and an `Unknown` variant)"
            } else {
                "union lost its discriminator (and its `Unknown` variant)"
            },
            if ta {
                "code naming the `Unknown` variant stops compiling"
            } else {
                "the enum is `#[non_exhaustive]`: a new variant breaks no match"
            },
        );
    }
}

/// Union variants are matched by name: the old ones in order (removed or
/// retyped), then the new ones.
fn compare_union_variants(
    out: &mut Changes,
    subject: &Subject,
    va: &[UnionVariantSurface],
    vb: &[UnionVariantSurface],
) {
    for v in va {
        match vb.iter().find(|w| w.name == v.name) {
            None => out.push(
                subject,
                ChangeKind::UnionVariantRemoved,
                true,
                format!("variant {} removed", code(&v.name)),
                "code naming the variant stops compiling",
            ),
            Some(w) if w.ty != v.ty => out.push(
                subject,
                ChangeKind::UnionVariantRetyped,
                true,
                format!(
                    "variant {} changed payload from {} to {}",
                    code(&v.name),
                    code(&v.ty),
                    code(&w.ty)
                ),
                "code building or matching the variant expects the old payload",
            ),
            Some(_) => {}
        }
    }
    for w in vb {
        if !va.iter().any(|v| v.name == w.name) {
            out.push(
                subject,
                ChangeKind::UnionVariantAdded,
                false,
                format!("variant {} added", code(&format!("{}({})", w.name, w.ty))),
                "the enum is `#[non_exhaustive]`, so matches already have a `_` arm",
            );
        }
    }
}

/// The type an alias or a newtype (`noun`, as the new version has it)
/// wraps: from `x` to `y`.
fn compare_target(out: &mut Changes, subject: &Subject, noun: &str, x: &str, y: &str) {
    if x != y {
        out.push(
            subject,
            ChangeKind::TargetChanged,
            true,
            format!("{} now wraps {} instead of {}", noun, code(y), code(x)),
            "code using it as the old type stops compiling",
        );
    }
}

/// Struct fields are matched by name: the old ones in order (removed or
/// changed), then the new ones.
fn compare_fields(
    out: &mut Changes,
    subject: &Subject,
    user_built: bool,
    old: &[FieldSurface],
    new: &[FieldSurface],
) {
    for f in old {
        match new.iter().find(|g| g.name == f.name) {
            None => out.push(
                subject,
                ChangeKind::FieldRemoved,
                true,
                format!("field {} removed", code(&format!("{}: {}", f.name, f.ty))),
                "code reading or setting the field stops compiling",
            ),
            Some(g) => compare_field(out, subject, f, g),
        }
    }
    for g in new {
        if !old.iter().any(|f| f.name == g.name) {
            report_added_field(out, subject, user_built, g);
        }
    }
}

/// One field both versions have (`f` old, `g` new). Whether it became
/// required or optional is breaking only when its Rust type changes with
/// it (gains or loses the `Option`); a nullable property keeps its type.
fn compare_field(out: &mut Changes, subject: &Subject, f: &FieldSurface, g: &FieldSurface) {
    let wrapped = |inner: &str, outer: &str| outer == format!("Option<{inner}>");
    let kind = match (f.required, g.required) {
        (false, true) => Some(ChangeKind::FieldBecameRequired),
        (true, false) => Some(ChangeKind::FieldBecameOptional),
        _ => None,
    };
    let became = || {
        format!(
            "field {} became {}",
            code(&f.name),
            if g.required { "required" } else { "optional" }
        )
    };
    match kind {
        Some(kind) if f.ty == g.ty => out.push(
            subject,
            kind,
            false,
            became(),
            format!(
                "its Rust type stays {} (the property is nullable); only the wire contract changes",
                code(&g.ty)
            ),
        ),
        Some(kind) if wrapped(&g.ty, &f.ty) || wrapped(&f.ty, &g.ty) => out.push(
            subject,
            kind,
            true,
            became(),
            format!("its type changes from {} to {}", code(&f.ty), code(&g.ty)),
        ),
        _ if f.ty != g.ty => out.push(
            subject,
            ChangeKind::FieldRetyped,
            true,
            format!(
                "field {} changed type from {} to {}",
                code(&f.name),
                code(&f.ty),
                code(&g.ty)
            ),
            "code reading or setting the field expects the old type",
        ),
        _ => {}
    }
}

/// A new field breaks struct literals, so only structs users build.
fn report_added_field(out: &mut Changes, subject: &Subject, user_built: bool, g: &FieldSurface) {
    let what = format!(
        "{} field {} added",
        if g.required { "required" } else { "optional" },
        code(&format!("{}: {}", g.name, g.ty))
    );
    if user_built {
        out.push(
            subject,
            ChangeKind::FieldAdded,
            true,
            what,
            "users build this struct, a request input, with struct literals, which must now name the field",
        );
    } else {
        out.push(
            subject,
            ChangeKind::FieldAdded,
            false,
            what,
            "users never build this struct, which is `#[non_exhaustive]`: reading other fields is unaffected",
        );
    }
}
