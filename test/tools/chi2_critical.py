# test/tools/chi2_critical.py: critical values of the chi-square distribution,
# used to set the fixed thresholds of the statistical tests (false-alarm
# rate per test 1e-7 unless said otherwise).  Upper tail Q(k/2, x/2) from the
# series and continued fraction of Numerical Recipes, section 6.2.
import math,sys
def gammaincc(a,x):
    # regularized upper incomplete gamma Q(a,x)
    if x < a+1:
        s=1/a; t=s; n=a
        for i in range(1,10000):
            n+=1; t*=x/n; s+=t
            if abs(t)<abs(s)*1e-17: break
        return 1-s*math.exp(-x+a*math.log(x)-math.lgamma(a))
    b=x+1-a; c=1e300; d=1/b; h=d
    for i in range(1,10000):
        an=-i*(i-a); b+=2; d=an*d+b; d=1/d if d!=0 else 1e300; c=b+an/c; dl=d*c; h*=dl
        if abs(dl-1)<1e-16: break
    return math.exp(-x+a*math.log(x)-math.lgamma(a))*h
def sf(x,k): return gammaincc(k/2,x/2)
def crit(k,p):
    lo,hi=0,100000
    for _ in range(200):
        m=(lo+hi)/2
        if sf(m,k)>p: lo=m
        else: hi=m
    return hi
if __name__ == "__main__":
    # usage: chi2_critical.py DF [P]  -> the statistic whose upper tail is P
    k = int(sys.argv[1]); p = float(sys.argv[2]) if len(sys.argv) > 2 else 1e-7
    print(round(crit(k, p), 2))
