FROM	alpine:3.19	 
	RUN	echo	tabs   
RUN apk add \  	
		curl \	
		jq   
   	 
ENV	A=1	B=2 	
LABEL description 	 a label with	tabs	
WORKDIR   /srv   
