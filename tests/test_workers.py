"""The default number of build workers is measured from the machine: idle CPUs, free memory."""
from kommunrapport.corpus.workers import PEAK_MB, choose_workers, default_jobs


def test_a_loaded_machine_gets_one_worker_an_idle_one_all():
    assert choose_workers(cpus=2, load=4.4, free_mb=8000).jobs == 1     # the case where 2 was slower than 1
    assert choose_workers(cpus=2, load=0.1, free_mb=8000).jobs == 2
    assert choose_workers(cpus=4, load=1.2, free_mb=8000).jobs == 3
    assert choose_workers(cpus=8, load=0.0, free_mb=3 * PEAK_MB).jobs == 3   # memory for three
    assert choose_workers(cpus=8, load=0.0, free_mb=10).jobs == 1


def test_the_choice_says_what_it_measured():
    choice = choose_workers(cpus=2, load=4.4, free_mb=8000)
    assert choice.reason() == "1 worker(s) (2 CPU(s), load 4.4, 8000 MB free)"
    assert 1 <= default_jobs()
