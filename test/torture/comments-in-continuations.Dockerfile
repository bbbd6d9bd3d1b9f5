FROM debian:bookworm
RUN apt-get update \
# update first
    && apt-get install -y \
        # the packages
        curl \

        git \
   
    && rm -rf /var/lib/apt/lists/*
# a real comment
CMD ["bash"]
