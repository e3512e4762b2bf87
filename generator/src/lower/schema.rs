//! Schemas → types. Inline objects, enums and unions become named types,
//! named after where they sit (`{Parent}{Property}`, `{Operation}Response`).

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, Discriminator, IntegerFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::{Ctx, component_key};
use crate::ir::{
    AdditionalField, Field, IntEnum, IntKind, IntVariant, StringEnum, Struct, Tag, TypeDef,
    TypeKind, TypeRef, Union, UnionVariant, Variant,
};
use crate::limits;
use crate::naming::{self, Scope};
use crate::pointer::JsonPointer;

/// What a schema lowers to: a use of an existing type, or a new named type.
enum Shape {
    Ref(TypeRef),
    Def(TypeKind),
}

/// Properties gathered from an object schema.
#[derive(Default)]
struct Props {
    /// Property → (schema, where it was declared).
    props: IndexMap<String, (ReferenceOr<Box<Schema>>, JsonPointer)>,
    required: Vec<String>,
    /// The object is a multipart body: its `format: binary` properties
    /// (and arrays of them) are files, lowered as bytes.
    files: bool,
}

impl Props {
    fn new(files: bool) -> Self {
        Self {
            files,
            ..Self::default()
        }
    }
}

impl<'a> Ctx<'a> {
    pub(super) fn lower_component(
        &mut self,
        name: &str,
        schema: &ReferenceOr<Schema>,
        at: &JsonPointer,
    ) {
        let (kind, doc) = match schema {
            ReferenceOr::Reference { reference } => match self.resolve(schema, at) {
                // The target exists, yet following the references never
                // reaches a schema (A → B → A): no value has that type.
                Err(d)
                    if self
                        .components
                        .contains_key(&component_key(reference).unwrap_or_default()) =>
                {
                    self.warn(at, format!("{}; using any JSON value", d.message));
                    (TypeKind::Alias(TypeRef::Json), None)
                }
                _ => (TypeKind::Alias(self.ref_type(reference, at)), None),
            },
            ReferenceOr::Item(s) => {
                let kind = match self.shape(s, at, name, false) {
                    Shape::Ref(t) => TypeKind::Alias(t),
                    Shape::Def(kind) => kind,
                };
                (kind, schema_doc(s))
            }
        };
        let deprecated = matches!(schema, ReferenceOr::Item(s) if s.schema_data.deprecated);
        self.types.push(TypeDef {
            name: name.to_owned(),
            doc,
            origin: at.clone(),
            kind,
            deprecated,
            user_built: false,
            attributes: Vec::new(),
        });
    }

    /// The type of a schema in an inline position. New named types get a
    /// name derived from `hint`.
    pub(super) fn type_ref(
        &mut self,
        schema: &ReferenceOr<Schema>,
        at: &JsonPointer,
        hint: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_type(reference, at),
            ReferenceOr::Item(s) => self.schema_type(s, at, hint),
        }
    }

    /// Same as [`Self::type_ref`] for the boxed schemas `openapiv3` uses in properties.
    fn boxed_type_ref(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        at: &JsonPointer,
        hint: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_type(reference, at),
            ReferenceOr::Item(s) => self.schema_type(s, at, hint),
        }
    }

    fn schema_type(&mut self, s: &Schema, at: &JsonPointer, hint: &str) -> TypeRef {
        self.schema_type_as(s, at, hint, false)
    }

    /// The type of a `multipart/form-data` body schema: its `format: binary`
    /// properties become file parts. A `$ref` to a schema without such
    /// properties is that schema's type; one with them gets a body struct of
    /// its own (the referenced type keeps text fields for its other uses).
    pub(super) fn multipart_body_type(
        &mut self,
        schema: &ReferenceOr<Schema>,
        at: &JsonPointer,
        hint: &str,
    ) -> TypeRef {
        let ReferenceOr::Reference { reference } = schema else {
            return self.type_ref_as(schema, at, hint, true);
        };
        match self.resolve(schema, at) {
            Ok((target, target_at)) if self.has_file_property(target, 0) => {
                self.schema_type_as(target, &target_at, hint, true)
            }
            _ => self.ref_type(reference, at),
        }
    }

    fn type_ref_as(
        &mut self,
        schema: &ReferenceOr<Schema>,
        at: &JsonPointer,
        hint: &str,
        files: bool,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_type(reference, at),
            ReferenceOr::Item(s) => self.schema_type_as(s, at, hint, files),
        }
    }

    /// Whether an object schema (or its `allOf` parts) declares a file property.
    fn has_file_property(&self, s: &Schema, depth: usize) -> bool {
        let (props, all_of) = match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (Some(&o.properties), &[][..]),
            SchemaKind::Any(a) => (Some(&a.properties), a.all_of.as_slice()),
            SchemaKind::AllOf { all_of } => (None, all_of.as_slice()),
            _ => return false,
        };
        props
            .into_iter()
            .flat_map(IndexMap::values)
            .any(|p| self.file_type(p).is_some())
            || (depth < 8
                && all_of.iter().any(|part| {
                    let at = JsonPointer::root();
                    self.resolve(part, &at)
                        .is_ok_and(|(part, _)| self.has_file_property(part, depth + 1))
                }))
    }

    /// The type of a multipart body property that is a file (`type: string,
    /// format: binary`) or an array of files; `None` for any other.
    fn file_type(&self, schema: &ReferenceOr<Box<Schema>>) -> Option<TypeRef> {
        let s = self.resolve_boxed(schema)?;
        let ty = if is_binary(s) {
            TypeRef::Bytes
        } else {
            let items = match &s.schema_kind {
                SchemaKind::Type(Type::Array(a)) => a.items.as_ref(),
                SchemaKind::Any(a) if a.typ.as_deref() == Some("array") => a.items.as_ref(),
                _ => None,
            }?;
            if !is_binary(self.resolve_boxed(items)?) {
                return None;
            }
            TypeRef::Array(Box::new(TypeRef::Bytes))
        };
        Some(nullable(ty, s.schema_data.nullable))
    }

    fn resolve_boxed<'x>(&self, schema: &'x ReferenceOr<Box<Schema>>) -> Option<&'x Schema>
    where
        'a: 'x,
    {
        match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => self
                .resolve_ref(reference, &JsonPointer::root())
                .ok()
                .map(|(s, _)| s),
        }
    }

    fn schema_type_as(&mut self, s: &Schema, at: &JsonPointer, hint: &str, files: bool) -> TypeRef {
        let ty = match self.shape(s, at, hint, files) {
            Shape::Ref(t) => t,
            Shape::Def(kind) => {
                let doc = schema_doc(s);
                let deprecated = s.schema_data.deprecated;
                // The same inline shape in many places is one type, named
                // after its first place.
                let key = (kind, doc, deprecated);
                if let Some(name) = self.inline_shapes.get(&key) {
                    return nullable(TypeRef::Named(name.clone()), s.schema_data.nullable);
                }
                let (kind, doc, deprecated) = key;
                let name = self.type_scope.claim(&naming::type_name(hint, "Type"));
                self.inline_shapes
                    .insert((kind.clone(), doc.clone(), deprecated), name.clone());
                self.types.push(TypeDef {
                    name: name.clone(),
                    doc,
                    origin: at.clone(),
                    kind,
                    deprecated,
                    user_built: false,
                    attributes: Vec::new(),
                });
                TypeRef::Named(name)
            }
        };
        nullable(ty, s.schema_data.nullable)
    }

    /// The type a `$ref` names. Component schemas keep their own names; other
    /// local targets are lowered once, where they sit.
    pub(super) fn ref_type(&mut self, reference: &str, at: &JsonPointer) -> TypeRef {
        if let Some(key) = component_key(reference) {
            let Some(name) = self.components.get(&key).cloned() else {
                self.degrade(
                    at,
                    format!("reference `{reference}` points to no schema; using any JSON value"),
                );
                return TypeRef::Json;
            };
            let is_nullable = self
                .doc
                .api
                .components
                .as_ref()
                .and_then(|c| c.schemas.get(&key))
                .is_some_and(|s| matches!(s, ReferenceOr::Item(s) if s.schema_data.nullable));
            return nullable(TypeRef::Named(name), is_nullable);
        }
        let (schema, target) = match self.resolve_ref::<Schema>(reference, at) {
            Ok(found) => found,
            Err(d) => {
                self.degrade(&d.pointer, format!("{}; using any JSON value", d.message));
                return TypeRef::Json;
            }
        };
        if let Some(ty) = self.ref_cache.get(&target) {
            return ty.clone();
        }
        if self.resolving.contains(&target) {
            self.degrade(
                at,
                format!(
                    "recursive reference `{reference}` outside components; using any JSON value"
                ),
            );
            return TypeRef::Json;
        }
        self.resolving.push(target.clone());
        let hint = hint_from_pointer(&target);
        let ty = self.schema_type(schema, &target, &hint);
        self.resolving.pop();
        self.ref_cache.insert(target, ty.clone());
        ty
    }

    /// What `s` lowers to; `files` marks a multipart body (see [`Props::files`]).
    fn shape(&mut self, s: &Schema, at: &JsonPointer, hint: &str, files: bool) -> Shape {
        let disc = s.schema_data.discriminator.as_ref();
        if let SchemaKind::Any(a) = &s.schema_kind
            && !a.all_of.is_empty()
        {
            return self.all_of(&a.all_of, at);
        }
        match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                let values: Vec<String> = t.enumeration.iter().flatten().cloned().collect();
                if values.is_empty() || self.too_many_values(values.len(), at, "string") {
                    Shape::Ref(string_type(&t.format))
                } else {
                    Shape::Def(TypeKind::Enum(string_enum(&values)))
                }
            }
            SchemaKind::Type(Type::Integer(t)) => {
                let values: Vec<i64> = t.enumeration.iter().flatten().copied().collect();
                if values.is_empty() || self.too_many_values(values.len(), at, "integer") {
                    Shape::Ref(TypeRef::Integer(int_kind(&t.format)))
                } else {
                    Shape::Def(TypeKind::IntEnum(int_enum(
                        &values,
                        &s.schema_data.extensions,
                    )))
                }
            }
            // Every number is `f64`, `format: float` included: an `f32`
            // cannot hold most decimal values a JSON document writes
            // (0.95, 1234.5678), so re-encoding one would change it; `f64`
            // holds every `f32` exactly and is what serde_json reads JSON
            // numbers as, so a value comes back as it was written.
            SchemaKind::Type(Type::Number(_)) => Shape::Ref(TypeRef::F64),
            SchemaKind::Type(Type::Boolean(_)) => Shape::Ref(TypeRef::Bool),
            SchemaKind::Type(Type::Array(a)) => {
                Shape::Ref(self.array_type(a.items.as_ref(), at, hint))
            }
            SchemaKind::Type(Type::Object(o)) => {
                let mut props = Props::new(files);
                self.add_props(&mut props, &o.properties, &o.required, at);
                self.object_shape(props, o.additional_properties.as_ref(), at, hint)
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, at),
            SchemaKind::OneOf { one_of } => self.union(one_of, &at.push("oneOf"), hint, disc),
            SchemaKind::AnyOf { any_of } => self.union(any_of, &at.push("anyOf"), hint, disc),
            SchemaKind::Not { .. } => {
                self.degrade(
                    at,
                    "`not` (everything except a schema) has no Rust type; using any JSON value",
                );
                Shape::Ref(TypeRef::Json)
            }
            SchemaKind::Any(a) => self.any_shape(a, at, hint, disc, files),
        }
    }

    fn array_type(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        at: &JsonPointer,
        hint: &str,
    ) -> TypeRef {
        let item = match items {
            Some(items) => self.boxed_type_ref(items, &at.push("items"), &format!("{hint}Item")),
            None => TypeRef::Json,
        };
        TypeRef::Array(Box::new(item))
    }

    /// A schema that mixes keywords `openapiv3` keeps apart (e.g. `type:
    /// object` with `allOf`, or no `type` at all): read it by what it has.
    fn any_shape(
        &mut self,
        a: &AnySchema,
        at: &JsonPointer,
        hint: &str,
        disc: Option<&Discriminator>,
        files: bool,
    ) -> Shape {
        let mut own = Props::new(files);
        self.add_props(&mut own, &a.properties, &a.required, at);
        if !a.one_of.is_empty() {
            return self.union(&a.one_of, &at.push("oneOf"), hint, disc);
        }
        if !a.any_of.is_empty() {
            return self.union(&a.any_of, &at.push("anyOf"), hint, disc);
        }
        let strings: Vec<String> = a
            .enumeration
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        match a.typ.as_deref() {
            _ if !own.props.is_empty() => {
                self.object_shape(own, a.additional_properties.as_ref(), at, hint)
            }
            Some("object") => self.object_shape(own, a.additional_properties.as_ref(), at, hint),
            Some("array") => Shape::Ref(self.array_type(a.items.as_ref(), at, hint)),
            None if a.items.is_some() => Shape::Ref(self.array_type(a.items.as_ref(), at, hint)),
            None if a.additional_properties.is_some() => {
                self.object_shape(own, a.additional_properties.as_ref(), at, hint)
            }
            Some("string") | None
                if !strings.is_empty()
                    && strings.len() == a.enumeration.len()
                    && !self.too_many_values(strings.len(), at, "string") =>
            {
                Shape::Def(TypeKind::Enum(string_enum(&strings)))
            }
            Some("string") => Shape::Ref(match a.format.as_deref() {
                Some(f) => string_type(&VariantOrUnknownOrEmpty::Unknown(f.to_owned())),
                None => TypeRef::String,
            }),
            Some("integer") => Shape::Ref(TypeRef::Integer(match a.format.as_deref() {
                Some(f) => int_kind(&VariantOrUnknownOrEmpty::Unknown(f.to_owned())),
                None => IntKind::I64,
            })),
            Some("number") => Shape::Ref(TypeRef::F64),
            Some("boolean") => Shape::Ref(TypeRef::Bool),
            // Only `null` fits: no Rust type says more than `Value` (and a
            // union with one other alternative is an `Option` of it).
            Some("null") => Shape::Ref(TypeRef::Json),
            Some(other) if !matches!(other, "string" | "integer" | "number" | "array") => {
                self.degrade(
                    at,
                    format!("`type: {other}` is not a JSON Schema type; using any JSON value"),
                );
                Shape::Ref(TypeRef::Json)
            }
            _ => Shape::Ref(TypeRef::Json),
        }
    }

    fn add_props(
        &mut self,
        into: &mut Props,
        props: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        at: &JsonPointer,
    ) {
        for (key, schema) in props {
            // A folded `allOf`'s property is where a part declared it.
            let where_ = self
                .doc
                .folds
                .declared_at(at.push("properties").push(key.as_str()));
            into.props.insert(key.clone(), (schema.clone(), where_));
        }
        for r in required {
            if !into.required.contains(r) {
                into.required.push(r.clone());
            }
        }
    }

    /// Whether an enum of `count` values is past [`limits::MAX_ENUM_VALUES`]
    /// (reported: it is then its plain `scalar` type).
    fn too_many_values(&mut self, count: usize, at: &JsonPointer, scalar: &str) -> bool {
        if count <= limits::MAX_ENUM_VALUES {
            return false;
        }
        self.degrade(
            at,
            format!(
                "the enum has {count} values, more than the {} an enum can hold (rustc's limits); \
                 kept as a plain {scalar}",
                limits::MAX_ENUM_VALUES
            ),
        );
        true
    }

    fn object_shape(
        &mut self,
        props: Props,
        additional: Option<&AdditionalProperties>,
        at: &JsonPointer,
        hint: &str,
    ) -> Shape {
        if props.props.is_empty() {
            return Shape::Ref(match additional {
                Some(AdditionalProperties::Schema(s)) => {
                    let value =
                        self.type_ref(s, &at.push("additionalProperties"), &format!("{hint}Value"));
                    TypeRef::Map(Box::new(value))
                }
                _ => TypeRef::JsonObject,
            });
        }
        let mut scope = Scope::default();
        let kept = props.props.len().min(limits::MAX_STRUCT_FIELDS);
        if kept < props.props.len() {
            self.degrade(
                at,
                format!(
                    "the object has {} properties, more than the {kept} a struct can hold as fields \
                     (rustc's limits); the properties after the first {kept} stay in `extra`, each \
                     using any JSON value",
                    props.props.len()
                ),
            );
        }
        let mut fields = Vec::with_capacity(kept);
        for (key, (schema, where_)) in props.props.iter().take(kept) {
            let name = scope.claim(&naming::snake_name(key, "field"));
            let hint = format!("{hint}{}", naming::type_name(key, "Field"));
            let file = props.files.then(|| self.file_type(schema)).flatten();
            let ty = match file {
                Some(ty) => ty,
                None => self.boxed_type_ref(schema, where_, &hint),
            };
            let data = match schema {
                ReferenceOr::Item(s) => Some(&s.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            // A read-only property is absent from requests and a write-only
            // one from responses, so neither can be required of one struct.
            let one_way = data.is_some_and(|d| d.read_only || d.write_only);
            fields.push(Field {
                name,
                wire_name: key.clone(),
                ty,
                required: props.required.contains(key) && !one_way,
                doc: match schema {
                    ReferenceOr::Item(s) => field_doc(s),
                    ReferenceOr::Reference { .. } => None,
                },
                deprecated: data.is_some_and(|d| d.deprecated),
            });
        }
        // Properties plus extra keys: the extra ones land in a flattened map.
        let additional = match additional {
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            Some(AdditionalProperties::Schema(s)) => {
                Some(self.type_ref(s, &at.push("additionalProperties"), &format!("{hint}Value")))
            }
            _ => None,
        }
        .map(|ty| AdditionalField {
            name: scope.claim("additional_properties"),
            ty,
        });
        let extra = scope.claim("extra");
        Shape::Def(TypeKind::Struct(Struct {
            fields,
            additional,
            extra,
        }))
    }

    /// `allOf`, which load folded ([`crate::all_of`]) except where its
    /// parts only annotate one `$ref`: that reference's type.
    fn all_of(&mut self, parts: &[ReferenceOr<Schema>], at: &JsonPointer) -> Shape {
        match parts {
            [ReferenceOr::Reference { reference }] => Shape::Ref(self.ref_type(reference, at)),
            _ => {
                self.degrade(
                    at,
                    "an allOf that loading did not fold; using any JSON value",
                );
                Shape::Ref(TypeRef::Json)
            }
        }
    }

    /// `oneOf`/`anyOf` → an enum; a single alternative is just that type.
    /// With a `discriminator` naming every alternative, the tag picks the
    /// variant (and unknown tags are kept); otherwise the first alternative
    /// that decodes wins.
    fn union(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        at: &JsonPointer,
        hint: &str,
        discriminator: Option<&Discriminator>,
    ) -> Shape {
        if parts.len() == 1 {
            return Shape::Ref(self.type_ref(&parts[0], &at.push("0"), hint));
        }
        // `anyOf: [X, {type: 'null'}]` (written in 3.0 documents too): X or null.
        let non_null: Vec<usize> = (0..parts.len())
            .filter(|&i| !is_null_schema(&parts[i]))
            .collect();
        if let [only] = non_null[..] {
            let ty = self.type_ref(&parts[only], &at.push(only.to_string()), hint);
            return Shape::Ref(nullable(ty, true));
        }
        if parts.is_empty() {
            return Shape::Ref(TypeRef::Json);
        }
        if parts.len() > limits::MAX_UNION_VARIANTS {
            self.degrade(
                at,
                format!(
                    "the union has {} alternatives, more than the {} an enum can hold (rustc's \
                     limits); using any JSON value",
                    parts.len(),
                    limits::MAX_UNION_VARIANTS
                ),
            );
            return Shape::Ref(TypeRef::Json);
        }
        let mut scope = Scope::default();
        let mut variants = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            let ty = self.type_ref(
                part,
                &at.push(i.to_string()),
                &format!("{hint}Variant{}", i + 1),
            );
            let name = scope.claim(&variant_label(&ty, i));
            let tags = match (discriminator, part) {
                (Some(d), ReferenceOr::Reference { reference }) => tag_values(d, reference),
                _ => Vec::new(),
            };
            variants.push(UnionVariant { name, ty, tags });
        }
        let tag = discriminator
            .filter(|_| variants.iter().all(|v| !v.tags.is_empty()))
            .map(|d| Tag {
                property: d.property_name.clone(),
            });
        let unknown_variant = scope.claim("Unknown");
        if tag.is_none() {
            variants.iter_mut().for_each(|v| v.tags.clear());
        }
        Shape::Def(TypeKind::Union(Union {
            variants,
            tag,
            unknown_variant,
        }))
    }
}

/// The discriminator values that select the schema `reference` names: the
/// mapping entries pointing at it, else (OpenAPI's implicit rule) its name.
fn tag_values(d: &Discriminator, reference: &str) -> Vec<String> {
    let Some(key) = component_key(reference) else {
        return Vec::new();
    };
    let mapped: Vec<String> = d
        .mapping
        .iter()
        .filter(|(_, target)| {
            *target == reference
                || component_key(target).as_deref() == Some(key.as_str())
                || **target == key
        })
        .map(|(value, _)| value.clone())
        .collect();
    if mapped.is_empty() { vec![key] } else { mapped }
}

/// `{type: 'null'}`: the schema only `null` satisfies.
fn is_null_schema(part: &ReferenceOr<Schema>) -> bool {
    matches!(part, ReferenceOr::Item(s) if matches!(
        &s.schema_kind,
        SchemaKind::Any(a) if a.typ.as_deref() == Some("null") && a.properties.is_empty()
    ))
}

/// `type: string, format: binary` (no enum): a file in a multipart body.
fn is_binary(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => {
            t.enumeration.is_empty()
                && matches!(
                    t.format,
                    VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
                )
        }
        SchemaKind::Any(a) => {
            a.typ.as_deref() == Some("string")
                && a.format.as_deref() == Some("binary")
                && a.enumeration.is_empty()
        }
        _ => false,
    }
}

/// A readable variant name for a union alternative.
fn variant_label(ty: &TypeRef, index: usize) -> String {
    match ty {
        TypeRef::Named(n) => n.clone(),
        TypeRef::Option(t) | TypeRef::Boxed(t) => variant_label(t, index),
        TypeRef::Bool => "Boolean".into(),
        TypeRef::String => "String".into(),
        TypeRef::Integer(_) => "Integer".into(),
        TypeRef::F64 => "Number".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::Array(_) => "Array".into(),
        TypeRef::Map(_) | TypeRef::JsonObject => "Object".into(),
        TypeRef::Bytes => "Bytes".into(),
        // Only ever a whole body, never a union alternative.
        TypeRef::MultipartParts => "Parts".into(),
        TypeRef::Json => format!("Variant{}", index + 1),
    }
}

fn nullable(ty: TypeRef, is_nullable: bool) -> TypeRef {
    match ty {
        TypeRef::Option(_) | TypeRef::Json => ty,
        _ if is_nullable => TypeRef::Option(Box::new(ty)),
        _ => ty,
    }
}

fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => TypeRef::Uuid,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "date-time" => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "date" => TypeRef::Date,
        _ => TypeRef::String,
    }
}

fn int_kind(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> IntKind {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntKind::I32,
        VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
            "int8" => IntKind::I8,
            "int16" => IntKind::I16,
            "int32" => IntKind::I32,
            "uint8" => IntKind::U8,
            "uint16" => IntKind::U16,
            "uint32" => IntKind::U32,
            "uint64" | "uint" => IntKind::U64,
            _ => IntKind::I64,
        },
        _ => IntKind::I64,
    }
}

/// Variant names from `x-enum-varnames` (or `x-enumNames`) when the
/// document gives one per value, else `V1`, `VMinus1`, ….
fn int_enum(values: &[i64], extensions: &IndexMap<String, serde_json::Value>) -> IntEnum {
    let given: Option<Vec<&str>> = ["x-enum-varnames", "x-enumNames"]
        .iter()
        .find_map(|k| extensions.get(*k))
        .and_then(|v| v.as_array())
        .and_then(|names| names.iter().map(|n| n.as_str()).collect())
        .filter(|names: &Vec<&str>| names.len() == values.len());
    let mut scope = Scope::default();
    let mut variants: Vec<IntVariant> = Vec::with_capacity(values.len());
    for (i, value) in values.iter().enumerate() {
        if variants.iter().any(|v| v.value == *value) {
            continue;
        }
        let name = match given.as_ref().and_then(|names| names.get(i)) {
            Some(given) => naming::type_name(given, "Value"),
            None if *value < 0 => format!("VMinus{}", value.unsigned_abs()),
            None => format!("V{value}"),
        };
        variants.push(IntVariant {
            name: scope.claim(&name),
            value: *value,
        });
    }
    IntEnum {
        variants,
        unknown_variant: scope.claim("Unknown"),
    }
}

fn string_enum(values: &[String]) -> StringEnum {
    let mut scope = Scope::default();
    let mut variants: Vec<Variant> = Vec::with_capacity(values.len());
    // A set, not a scan of `variants`: 50 000 values must stay linear.
    let mut seen = std::collections::HashSet::with_capacity(values.len());
    for value in values {
        if !seen.insert(value.as_str()) {
            continue;
        }
        variants.push(Variant {
            name: scope.claim(&naming::variant_name(value)),
            value: value.clone(),
        });
    }
    StringEnum {
        variants,
        unknown_variant: scope.claim("Unknown"),
    }
}

/// A property's doc: its description, plus its default value if any.
fn field_doc(s: &Schema) -> Option<String> {
    let doc = schema_doc(s);
    let Some(default) = &s.schema_data.default else {
        return doc;
    };
    let default = format!("Default: `{default}`.");
    Some(match doc {
        Some(d) => format!("{d}\n\n{default}"),
        None => default,
    })
}

/// Title and description, joined by a blank line.
fn schema_doc(s: &Schema) -> Option<String> {
    let d = &s.schema_data;
    match (
        d.title.as_deref().map(str::trim),
        d.description.as_deref().map(str::trim),
    ) {
        (Some(t), Some(desc)) if !t.is_empty() && !desc.is_empty() && t != desc => {
            Some(format!("{t}\n\n{desc}"))
        }
        (_, Some(desc)) if !desc.is_empty() => Some(desc.to_owned()),
        (Some(t), _) if !t.is_empty() => Some(t.to_owned()),
        _ => None,
    }
}

/// A type name for a schema reached through a non-component `$ref`,
/// from the last meaningful tokens of its pointer.
fn hint_from_pointer(p: &JsonPointer) -> String {
    let keep: Vec<&str> = p
        .tokens()
        .iter()
        .map(String::as_str)
        .filter(|t| {
            !matches!(
                *t,
                "components" | "schemas" | "properties" | "items" | "content" | "schema" | "paths"
            )
        })
        .collect();
    let tail = &keep[keep.len().saturating_sub(2)..];
    tail.iter().map(|t| naming::type_name(t, "")).collect()
}
