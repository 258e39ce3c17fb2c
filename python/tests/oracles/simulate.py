"""A seeded discrete-event simulator of a contact center: the second, statistical oracle.

It shares no formula with erlangkit or with the chain oracle: callers arrive,
wait, hang up and are answered one event at a time, and the measures are
counted. What it covers (every time in one unit, rates per that unit):

* Poisson arrivals (arrival_rate), exponential handle times (aht);
* patience: any sampler (a function of a random.Random returning a time;
  helpers below: exponential, deterministic, erlang, lognormal,
  hyperexponential, uniform), or None for callers who never hang up;
* lines: at most `lines` callers in the system (talking plus waiting); an
  arrival that finds them all taken is blocked;
* redials: a blocked or abandoning caller calls again with probability
  `redial`, after an exponential delay of mean `redial_delay`; every call
  attempt, fresh or redialled, counts as an arrival in the measures;
* chat: `chat_aht` a list of k handle times, an agent holds up to k chats and
  a chat at an agent holding h finishes at rate 1/chat_aht[h-1]; a new chat
  goes to a least-loaded agent, and after a completion one chat moves from a
  most-loaded agent to the one that freed when their loads differ by two
  (chats spread evenly); occupancy is the share of the n k chat slots in use;
* blending: `threshold` and `outbound_aht`: inbound calls have priority, and
  an idle agent starts an outbound job (exponential, mean outbound_aht, never
  interrupted) while more than `threshold` agents are idle.

Waiting callers are served first come, first served. Fresh arrivals stop at
the end of the last batch and the run goes on until every caller in has been
answered, has hung up or was blocked. Handle times and outbound
jobs are exponential, so the next completion is drawn afresh at every event
from the total completion rate (memorylessness); patience deadlines and
redials are timed events.

Output: batch means. After a warm-up, time is cut into `batches` batches of
equal length; each arrival is counted in the batch of its arrival time (its
outcome followed past the batch's end), time averages within each batch. A
measure's estimate is the mean of its batch values and its 99% confidence
interval mean +- t(0.995, batches-1) s / sqrt(batches). Measures (keys as in
oracles.QueueChain.measures): prob_wait, prob_blocked, prob_abandon,
prob_served, sl_offered, sl_answered, sl_excl_short_abandons,
prob_wait_longer_than, asa_answered, asa_all (over admitted calls),
occupancy, mean_queue_length, and with blending outbound_throughput. The
virtual-wait conventions need the wait an abandoning caller would have had
and are not estimated.

Cost: about 10 us of Python per event, three or four events per arrival.
"""
from __future__ import annotations

import heapq
import math
import random
from collections import deque

from scipy import stats

WAITING, SERVED, ABANDONED = 0, 1, 2


# ----------------------------------------------------------------------------- patience samplers


def exponential(mean):
    return lambda rng: rng.expovariate(1.0 / mean)


def deterministic(time):
    return lambda rng: time


def uniform(low, high):
    return lambda rng: rng.uniform(low, high)


def erlang(k, mean):
    return lambda rng: rng.gammavariate(k, mean / k)


def lognormal(mean, cv):
    """Lognormal of the given mean and coefficient of variation: log-scale variance log(1 + cv^2)."""
    s2 = math.log1p(cv * cv)
    return lambda rng: rng.lognormvariate(math.log(mean) - s2 / 2, math.sqrt(s2))


def hyperexponential(probs, means):
    cum = [sum(probs[:i + 1]) for i in range(len(probs))]

    def draw(rng):
        u = rng.random()
        for c, m in zip(cum, means):
            if u < c:
                return rng.expovariate(1.0 / m)
        return rng.expovariate(1.0 / means[-1])

    return draw


# ----------------------------------------------------------------------------- the simulator


class Estimate:
    """A batch-means estimate: mean, half-width of its 99% interval, and the batch values."""

    def __init__(self, values):
        self.values = list(values)
        b = len(self.values)
        self.mean = math.fsum(self.values) / b
        var = math.fsum((v - self.mean) ** 2 for v in self.values) / (b - 1)
        self.half_width = float(stats.t.ppf(0.995, b - 1)) * math.sqrt(var / b)

    @property
    def low(self):
        return self.mean - self.half_width

    @property
    def high(self):
        return self.mean + self.half_width

    def contains(self, x):
        return self.low <= x <= self.high

    def __repr__(self):
        return f"{self.mean:.6g} +- {self.half_width:.2g}"


def simulate(agents, arrival_rate, aht=1.0, target_time=0.0, patience=None, lines=math.inf, redial=0.0,
             redial_delay=1.0, chat_aht=None, threshold=None, outbound_aht=1.0, batches=30, batch_time=None,
             warmup=None, seed=1):
    """Simulates the center; returns dict measure -> Estimate. See the module string for the rules.

    batch_time defaults to the time of 4000 arrivals, warmup to one batch.
    """
    rng = random.Random(seed)
    n = int(agents)
    lam = float(arrival_rate)
    mu = 1.0 / float(aht)
    t_target = float(target_time)
    blend = threshold is not None
    nu = 1.0 / float(outbound_aht)
    if chat_aht is not None:
        k = len(chat_aht)
        per_chat = [0.0] + [1.0 / a for a in chat_aht]  # completion rate of one chat at an agent holding h
        load = [0] * n  # chats held by each agent
        capacity = n * k
    else:
        capacity = n
    if batch_time is None:
        batch_time = 4000.0 / lam
    if warmup is None:
        warmup = batch_time
    end = warmup + batches * batch_time

    # state
    t = 0.0
    busy = 0  # inbound calls (or chats) in service
    outbound = 0
    queue = deque()  # ids of waiting callers, FCFS (abandoned ones removed lazily)
    n_waiting = 0
    timed = []  # heap of (time, kind, id): kind 0 = patience runs out, 1 = a redial arrives
    status, arrived, batch_of = [], [], []
    outcome_wait = []  # the wait of a resolved caller
    next_arrival = rng.expovariate(lam)

    # per-batch accumulators
    area_busy = [0.0] * batches
    area_queue = [0.0] * batches
    outbound_done = [0] * batches

    def settle():
        nonlocal outbound
        if blend:
            while n - busy - outbound > threshold:
                outbound += 1

    def batch_at(time):
        if time < warmup:
            return -1
        b = int((time - warmup) / batch_time)
        return b if b < batches else -1

    def integrate(t0, t1):
        """Adds busy and queue areas over [t0, t1), split at batch edges."""
        while t0 < t1:
            b = batch_at(t0)
            edge = warmup if t0 < warmup else (warmup + (b + 1) * batch_time if b >= 0 else math.inf)
            if edge <= t0:  # t0 rounded into batch b although it lies on b's right edge
                b = b + 1 if b + 1 < batches else -1
                edge = warmup + (b + 1) * batch_time if b >= 0 else math.inf
            stop = min(t1, edge)
            if b >= 0:
                area_busy[b] += (busy + outbound if blend else busy) * (stop - t0)
                area_queue[b] += n_waiting * (stop - t0)
            t0 = stop

    def completion_rate():
        if chat_aht is not None:
            return sum(h * per_chat[h] for h in load)
        return busy * mu + outbound * nu

    def start_service(cid):
        nonlocal busy
        busy += 1
        if chat_aht is not None:
            j = min(range(n), key=load.__getitem__)
            load[j] += 1
        status[cid] = SERVED
        outcome_wait[cid] = t - arrived[cid]

    def can_start():
        if chat_aht is not None:
            return busy < capacity
        return busy + outbound < n

    def arrive(is_record):
        nonlocal n_waiting
        cid = len(status)
        status.append(WAITING)
        arrived.append(t)
        batch_of.append(batch_at(t) if is_record else -1)
        outcome_wait.append(0.0)
        in_system = busy + n_waiting
        if in_system >= lines:
            status[cid] = -1  # blocked
            maybe_redial()
            return
        if n_waiting == 0 and can_start():
            start_service(cid)
            return
        queue.append(cid)
        n_waiting += 1
        if patience is not None:
            heapq.heappush(timed, (t + patience(rng), 0, cid))

    def maybe_redial():
        if redial > 0 and rng.random() < redial:
            heapq.heappush(timed, (t + rng.expovariate(1.0 / redial_delay), 1, -1))

    def serve_head():
        nonlocal n_waiting
        while queue:
            cid = queue.popleft()
            if status[cid] == WAITING:
                n_waiting -= 1
                start_service(cid)
                return

    def complete():
        nonlocal busy, outbound
        if chat_aht is not None:
            r = rng.random() * completion_rate()
            for j in range(n):
                r -= load[j] * per_chat[load[j]]
                if r < 0:
                    break
            load[j] -= 1
            busy -= 1
            hi = max(range(n), key=load.__getitem__)
            if load[hi] - load[j] >= 2:  # spread evenly: a chat moves over
                load[hi] -= 1
                load[j] += 1
            serve_head()
            return
        if rng.random() * (busy * mu + outbound * nu) < busy * mu:
            busy -= 1
        else:
            outbound -= 1
            b = batch_at(t)
            if b >= 0:
                outbound_done[b] += 1
        serve_head()
        settle()

    settle()
    while True:
        rate = completion_rate()
        next_completion = t + rng.expovariate(rate) if rate > 0 else math.inf
        while timed and timed[0][1] == 0 and status[timed[0][2]] != WAITING:
            heapq.heappop(timed)  # the caller was answered before its patience ran out
        next_timed = timed[0][0] if timed else math.inf
        t_next = min(next_arrival, next_completion, next_timed)
        if t_next > end and n_waiting == 0:  # arrivals stopped at `end`; every caller counted is resolved
            integrate(t, end)
            break
        integrate(t, t_next)
        t = t_next
        if t == next_arrival:
            arrive(True)
            # Later arrivals never change the wait of an earlier one (FCFS, all slots busy while it
            # waits), so after `end` only the callers already in are followed to their outcome.
            next_arrival = t + rng.expovariate(lam)
            if next_arrival > end:
                next_arrival = math.inf
        elif t == next_timed:
            _, kind, cid = heapq.heappop(timed)
            if kind == 0:
                status[cid] = ABANDONED
                outcome_wait[cid] = t - arrived[cid]
                n_waiting -= 1
                maybe_redial()
            else:
                arrive(t <= end)
        else:
            complete()
        settle()

    # per-batch measures
    counts = [dict(arrivals=0, blocked=0, waited=0, served=0, abandoned=0, within=0, ab_within=0, longer=0,
                   wait_served=0.0, wait_all=0.0) for _ in range(batches)]
    for cid, b in enumerate(batch_of):
        if b < 0:
            continue
        c = counts[b]
        c["arrivals"] += 1
        s, w = status[cid], outcome_wait[cid]
        if s == -1:
            c["blocked"] += 1
            continue
        c["waited"] += w > 0
        c["longer"] += w > t_target
        c["wait_all"] += w
        if s == SERVED:
            c["served"] += 1
            c["wait_served"] += w
            c["within"] += w <= t_target
        else:
            c["abandoned"] += 1
            c["ab_within"] += w <= t_target
    out = {}

    def put(name, values):
        out[name] = Estimate(values)

    a = [max(c["arrivals"], 1) for c in counts]
    adm = [max(c["arrivals"] - c["blocked"], 1) for c in counts]
    put("prob_wait", [c["waited"] / x for c, x in zip(counts, a)])
    put("prob_blocked", [c["blocked"] / x for c, x in zip(counts, a)])
    put("prob_abandon", [c["abandoned"] / x for c, x in zip(counts, a)])
    put("prob_served", [c["served"] / x for c, x in zip(counts, a)])
    put("prob_wait_longer_than", [c["longer"] / x for c, x in zip(counts, a)])
    put("sl_offered", [c["within"] / x for c, x in zip(counts, a)])
    put("sl_answered", [c["within"] / max(c["served"], 1) for c in counts])
    put("sl_excl_short_abandons", [c["within"] / max(c["arrivals"] - c["ab_within"], 1) for c in counts])
    put("asa_answered", [c["wait_served"] / max(c["served"], 1) for c in counts])
    put("asa_all", [c["wait_all"] / x for c, x in zip(counts, adm)])
    put("occupancy", [x / (batch_time * capacity) for x in area_busy])
    put("mean_queue_length", [x / batch_time for x in area_queue])
    put("arrival_rate", [c["arrivals"] / batch_time for c in counts])
    if blend:
        put("outbound_throughput", [x / batch_time for x in outbound_done])
    return out
