//! Row heights as a Fenwick tree (binary indexed tree): changing one row's height, the top of
//! a row and the row at a given height are all O(log n), so that a row that grows while the
//! translator types, or rows measured as they scroll into view, never cost a pass over all
//! rows.

#[derive(Default)]
pub struct Heights {
    /// The heights themselves.
    values: Vec<f64>,
    /// tree[i] sums values over (i - lowbit(i), i] (1-based).
    tree: Vec<f64>,
}

impl Heights {
    /// Heights for all rows at once, in O(n).
    pub fn from_values(values: Vec<f64>) -> Heights {
        let n = values.len();
        let mut tree = vec![0.0; n + 1];
        for (i, value) in values.iter().enumerate() {
            tree[i + 1] += value;
            let parent = (i + 1) + lowbit(i + 1);
            if parent <= n {
                let carried = tree[i + 1];
                tree[parent] += carried;
            }
        }
        Heights { values, tree }
    }

    pub fn get(&self, row: usize) -> f64 {
        self.values[row]
    }

    /// Sets one row's height.
    pub fn set(&mut self, row: usize, height: f64) {
        let delta = height - self.values[row];
        if delta == 0.0 {
            return;
        }
        self.values[row] = height;
        let mut i = row + 1;
        while i < self.tree.len() {
            self.tree[i] += delta;
            i += lowbit(i);
        }
    }

    /// The sum of the heights of rows `0..row` (the top of `row`).
    pub fn top(&self, row: usize) -> f64 {
        let mut sum = 0.0;
        let mut i = row.min(self.values.len());
        while i > 0 {
            sum += self.tree[i];
            i -= lowbit(i);
        }
        sum
    }

    pub fn total(&self) -> f64 {
        self.top(self.values.len())
    }

    /// The row that contains height `y` (the last row if `y` is beyond them all).
    pub fn row_at(&self, y: f64) -> usize {
        let n = self.values.len();
        if n == 0 {
            return 0;
        }
        let mut position = 0;
        let mut remaining = y;
        let mut step = n.next_power_of_two();
        while step > 0 {
            let next = position + step;
            if next <= n && self.tree[next] <= remaining {
                position = next;
                remaining -= self.tree[next];
            }
            step /= 2;
        }
        position.min(n - 1)
    }
}

fn lowbit(i: usize) -> usize {
    i & i.wrapping_neg()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tops_and_lookups_follow_changes() {
        let mut heights = Heights::from_values(vec![10.0, 20.0, 30.0, 40.0, 50.0]);
        assert_eq!(heights.top(0), 0.0);
        assert_eq!(heights.top(3), 60.0);
        assert_eq!(heights.total(), 150.0);
        assert_eq!(heights.row_at(0.0), 0);
        assert_eq!(heights.row_at(29.9), 1);
        assert_eq!(heights.row_at(30.0), 2);
        assert_eq!(heights.row_at(1000.0), 4);
        heights.set(1, 5.0);
        assert_eq!(heights.top(2), 15.0);
        assert_eq!(heights.row_at(15.0), 2);
        assert_eq!(heights.total(), 135.0);
        let naive: Vec<f64> = (0..1000).map(|i| (i % 7) as f64 + 1.0).collect();
        let mut tree = Heights::from_values(naive.clone());
        tree.set(500, 100.0);
        let mut sums = naive;
        sums[500] = 100.0;
        let expected: f64 = sums[..700].iter().sum();
        assert_eq!(tree.top(700), expected);
    }
}
