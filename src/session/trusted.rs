//! Reading bytes this build wrote itself: the engine's replies, on the page.
//!
//! [`decode_trusted`] reads postcard exactly as [`super::protocol::decode`]
//! does, through postcard's own deserializer, but every serde type on the
//! page is read with an error type that has no values ([`Never`]). The
//! compiler then knows no field's read can fail, so none of the derived
//! readers carries its error paths (each field's clean-up of the fields read
//! before it, each error's message): the page's snapshot reader is about
//! half its size (BENCHMARKS.md, thirty-third session).
//!
//! The price is what happens on bytes that are not a reply: the page stops
//! (a panic, which the page's build turns into a trap) instead of saying so.
//! Only the engine of the same build writes these bytes (page and workers
//! are built and shipped together, the single file carries both), so that
//! is a bug, never input: user data is read by the workers, with errors.
//!
//! ```
//! use lastaccessed::session::protocol::{encode, Request};
//! use lastaccessed::session::trusted::decode_trusted;
//! let asked = Request::ActionsAt(300);
//! let read: Request = decode_trusted(&encode(&asked));
//! assert_eq!(format!("{read:?}"), format!("{asked:?}"));
//! ```

use std::fmt;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

/// Read a value [`super::protocol::encode`] wrote in this build.
///
/// # Panics
/// On bytes that are not such a value (a bug: see the module's docs).
pub fn decode_trusted<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> T {
    let mut d = postcard::Deserializer::from_bytes(bytes);
    match T::deserialize(Trusted(&mut d)) {
        Ok(v) => v,
        Err(never) => match never {},
    }
}

/// An error that cannot happen: reads that would fail stop instead.
#[derive(Debug)]
pub enum Never {}

impl fmt::Display for Never {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {}
    }
}

impl std::error::Error for Never {}

#[cold]
#[inline(never)]
fn stop() -> ! {
    panic!("the engine's reply could not be read")
}

impl de::Error for Never {
    fn custom<T: fmt::Display>(_: T) -> Self {
        stop()
    }
    fn invalid_type(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        stop()
    }
    fn invalid_value(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        stop()
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        stop()
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        stop()
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        stop()
    }
    fn missing_field(_: &'static str) -> Self {
        stop()
    }
    fn duplicate_field(_: &'static str) -> Self {
        stop()
    }
}

/// The inner reader's result, its error stopping the page.
#[inline]
fn ok<T, E>(r: Result<T, E>) -> Result<T, Never> {
    match r {
        Ok(v) => Ok(v),
        Err(_) => stop(),
    }
}

/// A result that cannot be an error, as any error type.
#[inline]
fn lift<T, E>(r: Result<T, Never>) -> Result<T, E> {
    match r {
        Ok(v) => Ok(v),
        Err(never) => match never {},
    }
}

/// The deserializer the page's types see (errors: [`Never`]).
struct Trusted<D>(D);
/// The visitor the inner deserializer sees (its own errors).
struct Inner<V>(V);
/// A seed the inner sequence, map or enum sees.
struct InnerSeed<S>(S);
/// The inner sequence, map or enum as the page's types see it.
struct Outer<A>(A);

macro_rules! forward {
    ($($method:ident)*) => {$(
        #[inline]
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Never> {
            ok(self.0.$method(Inner(visitor)))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Trusted<D> {
    type Error = Never;

    forward! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier deserialize_ignored_any
    }

    #[inline]
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Never> {
        ok(self.0.deserialize_unit_struct(name, Inner(visitor)))
    }
    #[inline]
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Never> {
        ok(self.0.deserialize_newtype_struct(name, Inner(visitor)))
    }
    #[inline]
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Never> {
        ok(self.0.deserialize_tuple(len, Inner(visitor)))
    }
    #[inline]
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Never> {
        ok(self.0.deserialize_tuple_struct(name, len, Inner(visitor)))
    }
    #[inline]
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Never> {
        ok(self.0.deserialize_struct(name, fields, Inner(visitor)))
    }
    #[inline]
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Never> {
        ok(self.0.deserialize_enum(name, variants, Inner(visitor)))
    }
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! visit {
    ($($method:ident: $t:ty)*) => {$(
        #[inline]
        fn $method<E: de::Error>(self, v: $t) -> Result<V::Value, E> {
            lift(self.0.$method::<Never>(v))
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Inner<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    visit! {
        visit_bool: bool visit_i8: i8 visit_i16: i16 visit_i32: i32 visit_i64: i64
        visit_i128: i128 visit_u8: u8 visit_u16: u16 visit_u32: u32 visit_u64: u64
        visit_u128: u128 visit_f32: f32 visit_f64: f64 visit_char: char
        visit_str: &str visit_borrowed_str: &'de str visit_string: String
        visit_bytes: &[u8] visit_borrowed_bytes: &'de [u8] visit_byte_buf: Vec<u8>
    }

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        lift(self.0.visit_none::<Never>())
    }
    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        lift(self.0.visit_unit::<Never>())
    }
    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        lift(self.0.visit_some(Trusted(d)))
    }
    #[inline]
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        lift(self.0.visit_newtype_struct(Trusted(d)))
    }
    #[inline]
    fn visit_seq<A: SeqAccess<'de>>(self, a: A) -> Result<V::Value, A::Error> {
        lift(self.0.visit_seq(Outer(a)))
    }
    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, a: A) -> Result<V::Value, A::Error> {
        lift(self.0.visit_map(Outer(a)))
    }
    #[inline]
    fn visit_enum<A: EnumAccess<'de>>(self, a: A) -> Result<V::Value, A::Error> {
        lift(self.0.visit_enum(Outer(a)))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for InnerSeed<S> {
    type Value = S::Value;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        lift(self.0.deserialize(Trusted(d)))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Outer<A> {
    type Error = Never;
    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Never> {
        ok(self.0.next_element_seed(InnerSeed(seed)))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Outer<A> {
    type Error = Never;
    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Never> {
        ok(self.0.next_key_seed(InnerSeed(seed)))
    }
    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Never> {
        ok(self.0.next_value_seed(InnerSeed(seed)))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Outer<A> {
    type Error = Never;
    type Variant = Outer<A::Variant>;
    #[inline]
    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Outer<A::Variant>), Never> {
        let (value, variant) = ok(self.0.variant_seed(InnerSeed(seed)))?;
        Ok((value, Outer(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Outer<A> {
    type Error = Never;
    #[inline]
    fn unit_variant(self) -> Result<(), Never> {
        ok(self.0.unit_variant())
    }
    #[inline]
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Never> {
        ok(self.0.newtype_variant_seed(InnerSeed(seed)))
    }
    #[inline]
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Never> {
        ok(self.0.tuple_variant(len, Inner(visitor)))
    }
    #[inline]
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Never> {
        ok(self.0.struct_variant(fields, Inner(visitor)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::protocol::{decode, encode, Reply};

    #[test]
    fn bytes_that_are_not_a_reply_stop_the_reader() {
        let bytes = encode(&vec![Reply::Html {
            name: "a".into(),
            fragment: "b".into(),
        }]);
        let read: Vec<Reply> = decode_trusted(&bytes);
        assert_eq!(read, decode::<Vec<Reply>>(&bytes).unwrap());
        // Cut short: postcard says so, and the trusted reader stops.
        let cut = &bytes[..bytes.len() - 1];
        assert!(decode::<Vec<Reply>>(cut).is_err());
        let stopped = std::panic::catch_unwind(|| decode_trusted::<Vec<Reply>>(cut));
        assert!(stopped.is_err());
    }
}
