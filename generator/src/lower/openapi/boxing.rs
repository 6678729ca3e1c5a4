//! Which struct fields need a `Box`: those that lead back to their own struct without a `Vec`
//! or map in between (a recursive type would otherwise have infinite size).

use crate::ir::{Ty, TypeId, TypeKind, TypeSpace};

/// Whether `ty` refers to `id` anywhere inside it.
pub fn mentions(ty: &Ty, id: TypeId) -> bool {
    match ty {
        Ty::Named(other) => *other == id,
        Ty::Loose(of) | Ty::Vec(of) | Ty::Map(of) | Ty::Option(of) => mentions(of, id),
        _ => false,
    }
}

/// The named type `ty` holds inline (not behind a `Vec` or a map).
fn direct(ty: &Ty) -> Option<TypeId> {
    match ty {
        Ty::Named(id) => Some(*id),
        Ty::Loose(of) | Ty::Option(of) => direct(of),
        _ => None,
    }
}

/// Sets `boxed` on every struct field whose type leads back to the struct inline.
pub fn mark_boxed(types: &mut TypeSpace) {
    let edges: Vec<Vec<usize>> = types
        .types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).map(|id| id.0).collect(),
            TypeKind::Union(u) => u.variants.iter().filter_map(|v| direct(&v.ty)).map(|id| id.0).collect(),
            TypeKind::Alias(ty) => direct(ty).map(|id| id.0).into_iter().collect(),
            TypeKind::Enum(_) => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    for (index, def) in types.types.iter_mut().enumerate() {
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                if let Some(target) = direct(&field.ty) {
                    field.boxed = component.get(target.0) == component.get(index);
                }
            }
        }
    }
}

/// Tarjan's algorithm, iterative (Stripe's type graph is deep): the component number of each node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let count = edges.len();
    let mut index = vec![UNSEEN; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNSEEN; count];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for start in 0..count {
        if index[start] != UNSEEN {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == UNSEEN {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&target) = edges[node].get(*edge) {
                *edge += 1;
                if target >= count {
                    continue;
                }
                if index[target] == UNSEEN {
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn cycles_share_a_component() {
        let component = strongly_connected(&[vec![1], vec![0, 2], vec![], vec![3]]);
        assert_eq!(component[0], component[1]);
        assert_ne!(component[1], component[2]);
        assert_ne!(component[2], component[3]);
    }
}
